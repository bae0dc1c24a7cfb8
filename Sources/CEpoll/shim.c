#define _GNU_SOURCE
#include "CEpoll.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <netinet/tcp.h>
#include <unistd.h>

int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

int cepoll_accept_nonblocking(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

ssize_t cepoll_sendv(int fd, const struct iovec *iov, int iovcnt) {
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = (struct iovec *)iov;
    message.msg_iovlen = (size_t)iovcnt;
    return sendmsg(fd, &message, MSG_NOSIGNAL);
}

ssize_t cepoll_send(int fd, const void *buffer, size_t count) {
    return send(fd, buffer, count, MSG_NOSIGNAL);
}

int cepoll_setsockopt_int(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof value);
}

int cepoll_getsockopt_int(int fd, int level, int name, int *value) {
    socklen_t length = sizeof *value;
    return getsockopt(fd, level, name, value, &length);
}

int cepoll_set_tcp_nodelay(int fd, int on) {
    return cepoll_setsockopt_int(fd, IPPROTO_TCP, TCP_NODELAY, on != 0);
}

int cepoll_set_reuse_address(int fd, int on) {
    return cepoll_setsockopt_int(fd, SOL_SOCKET, SO_REUSEADDR, on != 0);
}

int cepoll_set_reuse_port(int fd, int on) {
    return cepoll_setsockopt_int(fd, SOL_SOCKET, SO_REUSEPORT, on != 0);
}

int cepoll_set_bind_address_no_port(int fd, int on) {
    return cepoll_setsockopt_int(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, on != 0);
}

int cepoll_set_send_buffer_size(int fd, int bytes) {
    return cepoll_setsockopt_int(fd, SOL_SOCKET, SO_SNDBUF, bytes);
}

int cepoll_set_receive_buffer_size(int fd, int bytes) {
    return cepoll_setsockopt_int(fd, SOL_SOCKET, SO_RCVBUF, bytes);
}

static int get_int_option(int fd, int level, int name) {
    int value = 0;
    if (cepoll_getsockopt_int(fd, level, name, &value) != 0) return -1;
    return value;
}

int cepoll_get_tcp_nodelay(int fd) {
    int value = get_int_option(fd, IPPROTO_TCP, TCP_NODELAY);
    return value < 0 ? -1 : (value != 0);
}

int cepoll_get_send_buffer_size(int fd) {
    return get_int_option(fd, SOL_SOCKET, SO_SNDBUF);
}

int cepoll_get_receive_buffer_size(int fd) {
    return get_int_option(fd, SOL_SOCKET, SO_RCVBUF);
}

int cepoll_take_socket_error(int fd) {
    int value = 0;
    if (cepoll_getsockopt_int(fd, SOL_SOCKET, SO_ERROR, &value) != 0) return -1;
    return value;
}

int cepoll_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int cepoll_eventfd_signal(int fd) {
    uint64_t one = 1;
    for (;;) {
        ssize_t n = write(fd, &one, sizeof one);
        if (n == (ssize_t)sizeof one) return 0;
        if (n < 0 && errno == EINTR) continue;
        // EAGAIN means the counter is saturated: a wake-up is already pending.
        if (n < 0 && errno == EAGAIN) return 0;
        return -1;
    }
}

uint64_t cepoll_eventfd_drain(int fd) {
    uint64_t value = 0;
    for (;;) {
        ssize_t n = read(fd, &value, sizeof value);
        if (n == (ssize_t)sizeof value) return value;
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
}

int cepoll_ignore_sigpipe(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_IGN;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGPIPE, &action, NULL);
}

static void termination_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
}

int cepoll_block_termination_signals(void) {
    sigset_t set;
    termination_set(&set);
    int result = pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (result != 0) { errno = result; return -1; }
    return 0;
}

int cepoll_unblock_termination_signals(void) {
    sigset_t set;
    termination_set(&set);
    int result = pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    if (result != 0) { errno = result; return -1; }
    return 0;
}

int cepoll_termination_signalfd(int nonblocking) {
    sigset_t set;
    termination_set(&set);
    return signalfd(-1, &set, SFD_CLOEXEC | (nonblocking ? SFD_NONBLOCK : 0));
}

int cepoll_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof info);
        if (n == (ssize_t)sizeof info) return (int)info.ssi_signo;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        return -1;
    }
}

int cepoll_raise(int signal) {
    return raise(signal);
}

int cepoll_wait_termination_signal(void) {
    sigset_t set;
    termination_set(&set);
    int signal = 0;
    int result = sigwait(&set, &signal);
    if (result != 0) { errno = result; return -1; }
    return signal;
}

int cepoll_pin_current_thread(int cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) { errno = EINVAL; return -1; }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

uint64_t cepoll_current_thread_cpu_mask(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    uint64_t mask = 0;
    for (int cpu = 0; cpu < 64; cpu++) {
        if (CPU_ISSET(cpu, &set)) mask |= (uint64_t)1 << cpu;
    }
    return mask;
}

int cepoll_available_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}

int cepoll_raise_nofile_limit(uint64_t *soft, uint64_t *hard) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
        if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
    }
    *soft = (uint64_t)limit.rlim_cur;
    *hard = (uint64_t)limit.rlim_max;
    return 0;
}

uint64_t cepoll_nofile_hard_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    return limit.rlim_max == RLIM_INFINITY ? UINT64_MAX : (uint64_t)limit.rlim_max;
}

int cepoll_thread_create(uint64_t *thread, void *(*start)(void *), void *argument, int cpu) {
    pthread_attr_t attributes;
    int result = pthread_attr_init(&attributes);
    if (result != 0) return result;
    if (cpu >= 0) {
        if (cpu >= CPU_SETSIZE) { pthread_attr_destroy(&attributes); return EINVAL; }
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        result = pthread_attr_setaffinity_np(&attributes, sizeof set, &set);
        if (result != 0) { pthread_attr_destroy(&attributes); return result; }
    }
    pthread_t handle;
    result = pthread_create(&handle, &attributes, start, argument);
    pthread_attr_destroy(&attributes);
    if (result == 0) *thread = (uint64_t)handle;
    return result;
}

int cepoll_thread_join(uint64_t thread) {
    return pthread_join((pthread_t)thread, NULL);
}

int cepoll_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
