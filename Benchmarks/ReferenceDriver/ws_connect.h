// ws_connect.h: the TCP side of the reference drivers' WebSocket connections (header-only, included
// by echo_load.c and echo_openloop.c, so each still builds with one `cc` line).
#ifndef WS_CONNECT_H
#define WS_CONNECT_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

// The IPv4 address HOST:PORT.
static struct sockaddr_in ws_address(const char *host, int port) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, host, &addr.sin_addr);
    return addr;
}

// A blocking connection to ADDR with TCP_NODELAY and the upgrade REQUEST written; -1 (after perror) on failure.
static int ws_connect(const struct sockaddr_in *addr, const char *request, int request_len) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(fd, (const struct sockaddr *)addr, sizeof *addr) != 0) { perror("connect"); return -1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (write(fd, request, request_len) != request_len) { perror("write"); return -1; }
    return fd;
}
#endif
