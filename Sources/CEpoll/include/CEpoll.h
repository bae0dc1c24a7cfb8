#ifndef CEPOLL_H
#define CEPOLL_H

// The parts of Linux I/O that Swift's Glibc module hides or imports awkwardly:
// epoll, accept4, eventfd, signalfd, MSG_NOSIGNAL vector writes, CPU affinity,
// RLIMIT_NOFILE, closing inherited descriptors at posix_spawn, and a coarse
// monotonic clock. Everything here is a thin wrapper around one system call;
// errors are reported the C way (-1 and errno).

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <spawn.h>
#include <time.h>

/// Size in bytes of one `struct epoll_event` (12 on x86-64: it is packed).
static const int cepoll_epoll_event_size = (int)sizeof(struct epoll_event);
/// Byte offset of `data` in `struct epoll_event` (4 on x86-64).
static const int cepoll_epoll_event_data_offset = (int)__builtin_offsetof(struct epoll_event, data);

/// `epoll_ctl` with an events mask and a 64-bit user datum.
int cepoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);

/// `accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)`.
int cepoll_accept_nonblocking(int fd);

/// `sendmsg` of an iovec array with `MSG_NOSIGNAL` (a `writev` that never raises SIGPIPE).
ssize_t cepoll_sendv(int fd, const struct iovec *iov, int iovcnt);

/// `send` with `MSG_NOSIGNAL`.
ssize_t cepoll_send(int fd, const void *buffer, size_t count);

/// `setsockopt` of an `int` value.
int cepoll_setsockopt_int(int fd, int level, int name, int value);

/// `getsockopt` of an `int` value; returns -1 and sets errno on failure.
int cepoll_getsockopt_int(int fd, int level, int name, int *value);

/// Sets or clears `TCP_NODELAY`.
int cepoll_set_tcp_nodelay(int fd, int on);
/// Sets or clears `SO_REUSEADDR`.
int cepoll_set_reuse_address(int fd, int on);
/// Sets or clears `SO_REUSEPORT`.
int cepoll_set_reuse_port(int fd, int on);
/// Sets or clears `IP_BIND_ADDRESS_NO_PORT` (pick the source port at connect, per 4-tuple).
int cepoll_set_bind_address_no_port(int fd, int on);
/// Sets `SO_SNDBUF`.
int cepoll_set_send_buffer_size(int fd, int bytes);
/// Sets `SO_RCVBUF`.
int cepoll_set_receive_buffer_size(int fd, int bytes);
/// Reads `TCP_NODELAY` (0 or 1), or -1 and errno.
int cepoll_get_tcp_nodelay(int fd);
/// Reads `SO_SNDBUF` (as doubled by the kernel), or -1 and errno.
int cepoll_get_send_buffer_size(int fd);
/// Reads `SO_RCVBUF` (as doubled by the kernel), or -1 and errno.
int cepoll_get_receive_buffer_size(int fd);
/// Reads and clears `SO_ERROR`; returns the pending error (0 if none) or -1 and errno.
int cepoll_take_socket_error(int fd);

/// Creates a non-blocking, close-on-exec eventfd with counter 0.
int cepoll_eventfd(void);
/// Adds 1 to an eventfd counter (async-signal-safe).
int cepoll_eventfd_signal(int fd);
/// Reads and resets an eventfd counter; returns the counter or 0 if it was 0 (EAGAIN).
uint64_t cepoll_eventfd_drain(int fd);

/// Ignores SIGPIPE for the whole process.
int cepoll_ignore_sigpipe(void);
/// Blocks SIGINT and SIGTERM in the calling thread (threads created later inherit the mask).
int cepoll_block_termination_signals(void);
/// Unblocks SIGINT and SIGTERM in the calling thread.
int cepoll_unblock_termination_signals(void);
/// Creates a close-on-exec signalfd for SIGINT and SIGTERM (non-blocking if `nonblocking` != 0).
int cepoll_termination_signalfd(int nonblocking);
/// Reads one signal from a signalfd; returns the signal number, 0 if none is pending, -1 on error.
int cepoll_signalfd_read(int fd);
/// Sends `signal` to the calling thread.
int cepoll_raise(int signal);
/// Blocks until SIGINT or SIGTERM arrives (they must be blocked); returns the signal number.
int cepoll_wait_termination_signal(void);

/// Pins the calling thread to one CPU.
int cepoll_pin_current_thread(int cpu);
/// The CPUs the calling thread may run on, as a bit mask of the first 64 (0 on error).
uint64_t cepoll_current_thread_cpu_mask(void);
/// Number of CPUs the calling thread may run on.
int cepoll_available_cpu_count(void);

/// Starts a joinable pthread running `start(argument)`, pinned to `cpu` if `cpu` >= 0
/// (affinity set before it runs). Returns 0 or an error number (not errno).
int cepoll_thread_create(uint64_t *thread, void *(*start)(void *), void *argument, int cpu);
/// Joins a thread started by `cepoll_thread_create`. Returns 0 or an error number.
int cepoll_thread_join(uint64_t thread);

/// Raises the soft RLIMIT_NOFILE to the hard limit; stores both (after the change).
int cepoll_raise_nofile_limit(uint64_t *soft, uint64_t *hard);
/// The hard RLIMIT_NOFILE (RLIM_INFINITY as UINT64_MAX), or 0 if it cannot be read.
uint64_t cepoll_nofile_hard_limit(void);

/// Adds a spawn action that closes every descriptor from `from` up in the child
/// (`posix_spawn_file_actions_addclosefrom_np`, glibc 2.34). Returns 0 or an error number.
int cepoll_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from);

/// `CLOCK_MONOTONIC_COARSE` in milliseconds (a few ns; resolution one kernel tick).
static inline int64_t cepoll_monotonic_coarse_milliseconds(void) {
    struct timespec ts;
    clock_gettime(6 /* CLOCK_MONOTONIC_COARSE */, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/// `CLOCK_MONOTONIC` in nanoseconds (vDSO, ~20 ns).
static inline int64_t cepoll_monotonic_nanoseconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

#endif
