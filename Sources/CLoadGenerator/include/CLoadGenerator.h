#ifndef CLOADGENERATOR_H
#define CLOADGENERATOR_H

// What the load generator needs from Linux that Swift's Glibc module hides: timerfd (for
// open-loop send times finer than epoll_wait's milliseconds).

#include <stdint.h>

/// Creates a non-blocking, close-on-exec CLOCK_MONOTONIC timerfd; -1 and errno on failure.
int wsb_timerfd_create(void);
/// Arms `fd` to expire once at the absolute CLOCK_MONOTONIC time `nanoseconds` (0 disarms).
int wsb_timerfd_arm_absolute(int fd, int64_t nanoseconds);
/// Reads (and clears) the expiration count; 0 if the timer has not expired.
uint64_t wsb_timerfd_drain(int fd);

#endif
