// echo_load: a minimal WebSocket echo load driver in C, written for wsbench to mirror what
// uWebSockets' benchmarks/load_test does: one thread, N connections, one binary message in flight
// per connection, a fixed masking key, no latency timing and no verification of the echo beyond its
// length. It is the yardstick wsbench's own load generator is compared with ("drives at least as
// hard"), and an independent driver for measuring the server.
//
// With MODE "deflate" it offers permessage-deflate with client_no_context_takeover and sends one
// precompressed JSON-like text message (RSV1) over and over — valid because each message is
// compressed on its own — and counts whatever frames come back (compressed or not).
//
// Build: cc -O2 -o echo_load echo_load.c -lz
// Usage: echo_load HOST PORT CONNECTIONS PAYLOAD_BYTES SECONDS [PATH] [plain|deflate]
// Prints one line per second and a final "msgs/s" figure (messages completed / elapsed seconds).
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
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "ws_connect.h"

typedef struct {
    int fd;
    int upgraded;
    unsigned char header[10];  // a server frame header being read
    size_t header_have;
    size_t payload_left;  // payload bytes of the current frame still to read
} conn_t;

// Consumes bytes of server frames; returns how many frames ended.
static int consume(conn_t *c, const unsigned char *p, size_t n) {
    int frames = 0;
    while (n > 0) {
        if (c->payload_left > 0) {
            size_t take = n < c->payload_left ? n : c->payload_left;
            c->payload_left -= take; p += take; n -= take;
            if (c->payload_left == 0) frames++;
            continue;
        }
        c->header[c->header_have++] = *p++; n--;
        if (c->header_have < 2) continue;
        size_t len7 = c->header[1] & 0x7F, need = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
        if (c->header_have < need) continue;
        size_t len = len7;
        if (len7 == 126) len = (size_t)c->header[2] << 8 | c->header[3];
        if (len7 == 127) { len = 0; for (int i = 0; i < 8; i++) len = len << 8 | c->header[2 + i]; }
        c->header_have = 0;
        if (len == 0) frames++; else c->payload_left = len;
    }
    return frames;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s HOST PORT CONNECTIONS PAYLOAD_BYTES SECONDS [PATH]\n", argv[0]);
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), count = atoi(argv[3]);
    size_t payload = (size_t)atol(argv[4]);
    double seconds = atof(argv[5]);
    const char *path = argc > 6 ? argv[6] : "/ws";
    int deflate_mode = argc > 7 && strcmp(argv[7], "deflate") == 0;

    unsigned char *content = malloc(payload + 64);
    for (size_t i = 0; i < payload; i++) content[i] = 'x';
    if (deflate_mode) {
        // JSON-like text, compressed once on its own (raw deflate, sync flush, tail removed).
        const char *json = "{\"id\":12345,\"name\":\"wsbench\",\"active\":true,\"score\":987},";
        size_t jl = strlen(json);
        unsigned char *text = malloc(payload);
        for (size_t i = 0; i < payload; i++) text[i] = json[i % jl];
        z_stream z = {0};
        deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
        z.next_in = text; z.avail_in = payload; z.next_out = content; z.avail_out = payload + 64;
        deflate(&z, Z_SYNC_FLUSH);
        payload = payload + 64 - z.avail_out - 4;
        deflateEnd(&z);
        free(text);
    }

    // The client frame: binary (or compressed text), FIN, masked with a fixed key.
    size_t header = 2 + (payload < 126 ? 0 : payload <= 0xFFFF ? 2 : 8) + 4;
    size_t frame_len = header + payload;
    unsigned char *frame = malloc(frame_len);
    frame[0] = deflate_mode ? 0xC1 : 0x82;
    size_t o = 2;
    if (payload < 126) frame[1] = 0x80 | (unsigned char)payload;
    else if (payload <= 0xFFFF) { frame[1] = 0x80 | 126; frame[2] = payload >> 8; frame[3] = payload & 0xFF; o = 4; }
    else { frame[1] = 0x80 | 127; for (int i = 0; i < 8; i++) frame[2 + i] = (payload >> (56 - 8 * i)) & 0xFF; o = 10; }
    unsigned char key[4] = {0x12, 0x34, 0x56, 0x78};
    memcpy(frame + o, key, 4);
    for (size_t i = 0; i < payload; i++) frame[header + i] = content[i] ^ key[i & 3];

    char request[512];
    int request_len = snprintf(request, sizeof request,
        "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n%s\r\n", path, host, port,
        deflate_mode ? "Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; client_max_window_bits\r\n" : "");

    int ep = epoll_create1(0);
    conn_t *conns = calloc(count, sizeof(conn_t));
    struct sockaddr_in addr = ws_address(host, port);
    for (int i = 0; i < count; i++) {
        int fd = ws_connect(&addr, request, request_len);
        if (fd < 0) return 1;
        conns[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    static unsigned char buffer[1 << 20];
    struct epoll_event events[1024];
    long long completed = 0, last_completed = 0;
    double start = 0, last = 0;
    int upgraded = 0;
    for (;;) {
        int n = epoll_wait(ep, events, 1024, 1000);
        for (int e = 0; e < n; e++) {
            conn_t *c = &conns[events[e].data.u32];
            ssize_t r = read(c->fd, buffer, sizeof buffer);
            if (r <= 0) { fprintf(stderr, "connection closed by server\n"); return 1; }
            if (!c->upgraded) {
                if (memmem(buffer, r, "\r\n\r\n", 4) == NULL || memcmp(buffer, "HTTP/1.1 101", 12) != 0) {
                    fprintf(stderr, "handshake failed: %.*s\n", (int)(r < 80 ? r : 80), buffer);
                    return 1;
                }
                if (deflate_mode && memmem(buffer, r, "permessage-deflate", 18) == NULL) {
                    fprintf(stderr, "server declined permessage-deflate\n");
                    return 1;
                }
                c->upgraded = 1;
                if (++upgraded == count) {
                    start = last = now_seconds();
                    for (int i = 0; i < count; i++) {
                        if (write(conns[i].fd, frame, frame_len) != (ssize_t)frame_len) { perror("write"); return 1; }
                    }
                }
                continue;
            }
            for (int done = consume(c, buffer, (size_t)r); done > 0; done--) {
                completed++;
                if (write(c->fd, frame, frame_len) != (ssize_t)frame_len) { perror("write"); return 1; }
            }
        }
        if (start > 0) {
            double t = now_seconds();
            if (t - last >= 1.0) {
                fprintf(stderr, "%.0f msgs/s\n", (completed - last_completed) / (t - last));
                last = t;
                last_completed = completed;
            }
            if (t - start >= seconds) {
                printf("%.0f msgs/s\n", completed / (t - start));
                return 0;
            }
        }
    }
}
