// idle_connections: opens N WebSocket connections to an echo server and holds them open, to
// measure the server's memory per idle connection. Optionally offers permessage-deflate and sends
// one compressed message on each connection (so the server's zlib state is allocated), waiting
// for every echo before holding.
//
// Build: cc -O2 -o idle_connections idle_connections.c -lz -lssl -lcrypto
// Usage: idle_connections HOST PORT CONNECTIONS HOLD_SECONDS [plain|deflate|deflate-used] [tls]
// With `tls` every connection runs a TLS handshake first (no certificate check) and speaks over it.
// Prints "connected N in S s" when all handshakes (and echoes) are done, then sleeps HOLD_SECONDS.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <zlib.h>

// The connection's TLS session when the run is over TLS (NULL: plain TCP).
static SSL **sessions;

static ssize_t io_write(int i, int fd, const void *bytes, size_t count) {
    if (sessions == NULL) return write(fd, bytes, count);
    return SSL_write(sessions[i], bytes, (int)count);
}

static ssize_t io_read(int i, int fd, void *bytes, size_t count) {
    if (sessions == NULL) return read(fd, bytes, count);
    return SSL_read(sessions[i], bytes, (int)count);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int read_until(int i, int fd, char *buf, size_t cap, const char *needle) {
    size_t got = 0;
    while (got < cap - 1) {
        ssize_t r = io_read(i, fd, buf + got, cap - 1 - got);
        if (r <= 0) return -1;
        got += r;
        buf[got] = 0;
        if (strstr(buf, needle)) return (int)got;
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s HOST PORT CONNECTIONS HOLD_SECONDS [plain|deflate|deflate-used]\n", argv[0]);
        return 2;
    }
    int count = atoi(argv[3]);
    double hold = atof(argv[4]);
    const char *mode = argc > 5 ? argv[5] : "plain";
    int offer = strcmp(mode, "plain") != 0, use = strcmp(mode, "deflate-used") == 0;
    SSL_CTX *tls = NULL;
    if (argc > 6 && strcmp(argv[6], "tls") == 0) {
        tls = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, NULL);
    }
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);

    // One compressed, masked text frame of a 1 KiB JSON-like message (raw deflate, tail removed).
    unsigned char message[1024], compressed[2048], frame[2100];
    for (int i = 0; i < 1024; i++) message[i] = "{\"id\":1,\"name\":\"user\",\"ok\":true},"[i % 34];
    z_stream z = {0};
    deflateInit2(&z, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    z.next_in = message; z.avail_in = sizeof message; z.next_out = compressed; z.avail_out = sizeof compressed;
    deflate(&z, Z_SYNC_FLUSH);
    size_t clen = sizeof compressed - z.avail_out - 4;
    unsigned char key[4] = {1, 2, 3, 4};
    size_t o = 0;
    frame[o++] = 0xC1;  // FIN, RSV1, text
    if (clen < 126) frame[o++] = 0x80 | clen; else { frame[o++] = 0x80 | 126; frame[o++] = clen >> 8; frame[o++] = clen & 0xFF; }
    memcpy(frame + o, key, 4); o += 4;
    for (size_t i = 0; i < clen; i++) frame[o + i] = compressed[i] ^ key[i & 3];
    size_t flen = o + clen;

    char request[512];
    int rlen = snprintf(request, sizeof request,
        "GET /ws HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
        argv[1], argv[2], offer ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "");
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &addr.sin_addr);
    int *fds = calloc(count, sizeof(int));
    if (tls != NULL) sessions = calloc(count, sizeof(SSL *));
    double start = now_seconds();
    char buf[4096];
    for (int i = 0; i < count; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
            fprintf(stderr, "connection %d failed: %m\n", i);
            return 1;
        }
        fds[i] = fd;
        if (tls != NULL) {
            sessions[i] = SSL_new(tls);
            if (sessions[i] == NULL || SSL_set_fd(sessions[i], fd) != 1 || SSL_connect(sessions[i]) != 1) {
                fprintf(stderr, "TLS handshake %d failed\n", i);
                return 1;
            }
        }
        if (io_write(i, fd, request, rlen) != rlen || read_until(i, fd, buf, sizeof buf, "\r\n\r\n") < 0 || strncmp(buf, "HTTP/1.1 101", 12)) {
            fprintf(stderr, "handshake %d failed\n", i);
            return 1;
        }
        if (offer && !strstr(buf, "permessage-deflate")) {
            fprintf(stderr, "server did not accept permessage-deflate\n");
            return 1;
        }
        if (use) {
            if (io_write(i, fd, frame, flen) != (ssize_t)flen || io_read(i, fd, buf, sizeof buf) <= 0) {
                fprintf(stderr, "echo %d failed\n", i);
                return 1;
            }
        }
    }
    printf("connected %d in %.2f s\n", count, now_seconds() - start);
    fflush(stdout);
    usleep((useconds_t)(hold * 1e6));
    return 0;
}
