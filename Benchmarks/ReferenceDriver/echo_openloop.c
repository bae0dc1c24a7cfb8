// echo_openloop: an independent open-loop WebSocket echo latency client in C, the yardstick for
// `wsbench load --rate R` (scripts/openloop-crosscheck.sh runs the two side by side).
//
// One thread, N connections, busy-polling: epoll_wait with a zero timeout in a loop that never
// sleeps, so neither a send nor an echo waits for a wake-up. Messages follow wsbench's open-loop
// schedule for one thread: message i is due at start + i/R (start = when every connection has
// upgraded) and goes to connection i % N (round-robin). Each is sent at its due time — the loop
// spins until the clock reaches it — as one masked binary frame whose payload starts with the
// message's 8-byte sequence number; every echo is checked (length, sequence, every payload byte).
// Latency runs from the intended (due) time to the read that completed the echo; send lag is the
// clock read of the pass that sent the message minus its due time. Messages due in the first
// WARMUP seconds are sent and checked but not counted. At most WINDOW (1024) messages may be
// outstanding per connection; a message due with the window full is skipped and counted as
// overflow. After the last due time the loop waits up to 2 s for outstanding echoes.
//
// Latencies are kept in a plain array (8 bytes per measured message) and sorted at the end: exact
// percentiles, no external dependencies.
//
// Build: cc -O2 -o echo_openloop echo_openloop.c
// Usage: echo_openloop HOST PORT CONNECTIONS PAYLOAD_BYTES RATE SECONDS [WARMUP_SECONDS] [PATH]
//   e.g. taskset -c 1 ./echo_openloop 127.0.0.1 9001 100 1024 20000 10 1 /ws
// Output (one line on stdout, µs with one decimal; exit status 1 on any error):
//   sent=… echoed=… measured=… errors=… overflow=… p50_us=… p90_us=… p99_us=… p99.9_us=… max_us=…
//   send_lag_p50_us=… send_lag_p99_us=… send_lag_max_us=…
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ws_connect.h"

#define WINDOW 1024

typedef struct {
    int fd;
    int upgraded;
    unsigned char *in;        // bytes of the echo frame being assembled
    size_t in_have;
    unsigned char *out;       // bytes the socket did not take yet
    size_t out_have;
    int64_t due[WINDOW];      // due times of outstanding messages, oldest first (ring)
    uint64_t seq[WINDOW];     // their sequence numbers
    uint64_t head, tail;      // ring positions: tail = next to echo, head = next free
} conn_t;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int compare_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static double percentile_us(int64_t *values, size_t n, double p) {
    if (n == 0) return 0;
    size_t i = (size_t)(p / 100.0 * (double)n);
    if (i >= n) i = n - 1;
    return values[i] / 1000.0;
}

static int send_bytes(conn_t *c, const unsigned char *p, size_t n) {
    if (c->out_have == 0) {
        ssize_t w = write(c->fd, p, n);
        if (w < 0 && errno != EAGAIN) return -1;
        if (w < 0) w = 0;
        p += w; n -= (size_t)w;
    }
    if (n > 0) {  // rare on loopback: keep the rest and retry on later passes
        unsigned char *grown = realloc(c->out, c->out_have + n);
        if (!grown) return -1;
        c->out = grown;
        memcpy(c->out + c->out_have, p, n);
        c->out_have += n;
    }
    return 0;
}

static int flush_out(conn_t *c) {
    if (c->out_have == 0) return 0;
    ssize_t w = write(c->fd, c->out, c->out_have);
    if (w < 0) return errno == EAGAIN ? 0 : -1;
    memmove(c->out, c->out + w, c->out_have - (size_t)w);
    c->out_have -= (size_t)w;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: %s HOST PORT CONNECTIONS PAYLOAD_BYTES RATE SECONDS [WARMUP_SECONDS] [PATH]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), count = atoi(argv[3]);
    size_t payload = (size_t)atol(argv[4]);
    double rate = atof(argv[5]), seconds = atof(argv[6]);
    double warmup = argc > 7 ? atof(argv[7]) : 0;
    const char *path = argc > 8 ? argv[8] : "/ws";
    if (count < 1 || payload < 8 || payload > 65535 || !(rate > 0) || !(seconds > 0)) {
        fprintf(stderr, "connections ≥ 1, payload 8…65535 bytes, rate and seconds > 0\n");
        return 2;
    }

    // The payload: sequence number (8 bytes, little-endian) then a fixed pattern.
    unsigned char *content = malloc(payload);
    for (size_t i = 0; i < payload; i++) content[i] = (unsigned char)('a' + i % 26);
    size_t header = 2 + (payload < 126 ? 0 : 2) + 4;
    size_t frame_len = header + payload;
    unsigned char *frame = malloc(frame_len);
    frame[0] = 0x82;
    size_t o = 2;
    if (payload < 126) frame[1] = 0x80 | (unsigned char)payload;
    else { frame[1] = 0x80 | 126; frame[2] = payload >> 8; frame[3] = payload & 0xFF; o = 4; }
    unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
    memcpy(frame + o, key, 4);
    for (size_t i = 0; i < payload; i++) frame[header + i] = content[i] ^ key[i & 3];
    size_t echo_header = payload < 126 ? 2 : 4, echo_len = echo_header + payload;

    char request[512];
    int request_len = snprintf(request, sizeof request,
        "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n\r\n", path, host, port);

    int ep = epoll_create1(0);
    conn_t *conns = calloc((size_t)count, sizeof(conn_t));
    struct sockaddr_in addr = ws_address(host, port);
    for (int i = 0; i < count; i++) {
        int fd = ws_connect(&addr, request, request_len);
        if (fd < 0) return 1;
        conns[i].fd = fd;
        conns[i].in = malloc(echo_len);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    // Blocking handshakes, then non-blocking sockets for the run.
    static unsigned char buffer[1 << 20];
    for (int i = 0; i < count; i++) {
        size_t have = 0;
        while (memmem(buffer, have, "\r\n\r\n", 4) == NULL) {
            ssize_t r = read(conns[i].fd, buffer + have, 4096 - have);
            if (r <= 0) { fprintf(stderr, "handshake: connection closed\n"); return 1; }
            have += (size_t)r;
        }
        if (memcmp(buffer, "HTTP/1.1 101", 12) != 0) { fprintf(stderr, "handshake failed: %.*s\n", 40, buffer); return 1; }
        if (buffer + have != (unsigned char *)memmem(buffer, have, "\r\n\r\n", 4) + 4) {
            fprintf(stderr, "bytes after the 101\n"); return 1;
        }
        int flags = 1;
        ioctl(conns[i].fd, FIONBIO, &flags);
    }

    uint64_t total = (uint64_t)(rate * seconds);
    int64_t *latencies = malloc((total + 1) * sizeof(int64_t));
    int64_t *lags = malloc((total + 1) * sizeof(int64_t));
    size_t measured = 0, lag_count = 0;
    uint64_t sent = 0, echoed = 0, errors = 0, overflow = 0, next = 0, outstanding = 0;
    double step = 1e9 / rate;
    int64_t start = now_ns();
    int64_t measure_from = start + (int64_t)(warmup * 1e9);
    int64_t send_until = start + (int64_t)(seconds * 1e9);
    int64_t give_up = send_until + 2000000000;
    struct epoll_event events[1024];
    int pending_out = 0;

    for (;;) {
        int64_t now = now_ns();
        // Send every message that has fallen due (normally one; the loop spins until it is due).
        while (next < total) {
            int64_t due = start + (int64_t)((double)next * step);
            if (due > now || due >= send_until) break;
            conn_t *c = &conns[next % (uint64_t)count];
            if (c->head - c->tail >= WINDOW) { overflow++; next++; continue; }
            uint64_t seq = next;
            unsigned char *p = frame + header;
            for (int b = 0; b < 8; b++) p[b] = (unsigned char)(seq >> (8 * b)) ^ key[b & 3];
            c->due[c->head % WINDOW] = due;
            c->seq[c->head % WINDOW] = seq;
            c->head++;
            if (send_bytes(c, frame, frame_len) != 0) { perror("write"); return 1; }
            if (c->out_have > 0) pending_out = 1;
            if (due >= measure_from) lags[lag_count++] = now - due;
            sent++; outstanding++; next++;
        }
        if (pending_out) {
            pending_out = 0;
            for (int i = 0; i < count; i++) {
                if (flush_out(&conns[i]) != 0) { perror("write"); return 1; }
                if (conns[i].out_have > 0) pending_out = 1;
            }
        }
        if ((next >= total || now >= send_until) && (outstanding == 0 || now >= give_up)) break;

        int n = epoll_wait(ep, events, 1024, 0);
        for (int e = 0; e < n; e++) {
            conn_t *c = &conns[events[e].data.u32];
            ssize_t r = read(c->fd, buffer, sizeof buffer);
            if (r < 0 && errno == EAGAIN) continue;
            if (r <= 0) { fprintf(stderr, "connection closed by server\n"); return 1; }
            int64_t at = now_ns();
            size_t i = 0;
            while (i < (size_t)r) {
                size_t take = echo_len - c->in_have;
                if (take > (size_t)r - i) take = (size_t)r - i;
                memcpy(c->in + c->in_have, buffer + i, take);
                c->in_have += take; i += take;
                if (c->in_have < echo_len) break;
                c->in_have = 0;
                if (c->head == c->tail) { errors++; continue; }  // an echo of nothing sent
                int64_t due = c->due[c->tail % WINDOW];
                uint64_t seq = c->seq[c->tail % WINDOW], got = 0;
                c->tail++; outstanding--; echoed++;
                for (int b = 0; b < 8; b++) got |= (uint64_t)c->in[echo_header + b] << (8 * b);
                size_t len = c->in[1] & 0x7F;
                if (len == 126) len = (size_t)c->in[2] << 8 | c->in[3];
                if (c->in[0] != 0x82 || len != payload || got != seq
                    || memcmp(c->in + echo_header + 8, content + 8, payload - 8) != 0) errors++;
                if (due >= measure_from) latencies[measured++] = at - due;
            }
        }
    }
    qsort(latencies, measured, sizeof(int64_t), compare_i64);
    qsort(lags, lag_count, sizeof(int64_t), compare_i64);
    if (outstanding > 0) errors += outstanding;
    printf("sent=%llu echoed=%llu measured=%zu errors=%llu overflow=%llu p50_us=%.1f p90_us=%.1f p99_us=%.1f "
           "p99.9_us=%.1f max_us=%.1f send_lag_p50_us=%.1f send_lag_p99_us=%.1f send_lag_max_us=%.1f\n",
        (unsigned long long)sent, (unsigned long long)echoed, measured, (unsigned long long)errors,
        (unsigned long long)overflow, percentile_us(latencies, measured, 50), percentile_us(latencies, measured, 90),
        percentile_us(latencies, measured, 99), percentile_us(latencies, measured, 99.9),
        measured ? latencies[measured - 1] / 1000.0 : 0, percentile_us(lags, lag_count, 50),
        percentile_us(lags, lag_count, 99), lag_count ? lags[lag_count - 1] / 1000.0 : 0);
    return errors > 0 || overflow > 0 ? 1 : 0;
}
