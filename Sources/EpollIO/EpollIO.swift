// Placeholder: the epoll I/O layer (issue 4).
