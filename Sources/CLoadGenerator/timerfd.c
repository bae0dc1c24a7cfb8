#include "CLoadGenerator.h"

#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

int wsb_timerfd_create(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}

int wsb_timerfd_arm_absolute(int fd, int64_t nanoseconds) {
    struct itimerspec spec = {0};
    if (nanoseconds > 0) {
        spec.it_value.tv_sec = nanoseconds / 1000000000;
        spec.it_value.tv_nsec = nanoseconds % 1000000000;
    }
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, NULL);
}

uint64_t wsb_timerfd_drain(int fd) {
    uint64_t count = 0;
    if (read(fd, &count, sizeof(count)) != (ssize_t)sizeof(count)) return 0;
    return count;
}
