import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// Creates a non-blocking TCP listener bound to `address` (port 0 picks a free port;
    /// read it back with `localAddress`). Sets `SO_REUSEADDR`, and `SO_REUSEPORT` when
    /// `reusePort` is true (so several threads can each own a listener on one port and
    /// the kernel spreads connections across them).
    ///
    /// With `noDelay` (the default) `TCP_NODELAY` is set on the listener; Linux copies it
    /// to every accepted socket, which saves one `setsockopt` per accepted connection.
    /// `receiveBufferSize`, when given, is set before `listen` (also inherited, and
    /// early enough to shape the advertised window).
    public static func makeListener(
        address: SocketAddress,
        backlog: Int32 = 4096,
        reusePort: Bool = false,
        noDelay: Bool = true,
        receiveBufferSize: Int? = nil
    ) throws(SocketError) -> Int32 {
        let fd = try makeTCPSocket(family: address.family)
        do throws(SocketError) {
            guard cepoll_set_reuse_address(fd, 1) == 0 else { throw SocketError("setsockopt(SO_REUSEADDR)") }
            if reusePort {
                guard cepoll_set_reuse_port(fd, 1) == 0 else { throw SocketError("setsockopt(SO_REUSEPORT)") }
            }
            if noDelay {
                guard cepoll_set_tcp_nodelay(fd, 1) == 0 else { throw SocketError("setsockopt(TCP_NODELAY)") }
            }
            if let receiveBufferSize {
                guard cepoll_set_receive_buffer_size(fd, Int32(clamping: receiveBufferSize)) == 0 else {
                    throw SocketError("setsockopt(SO_RCVBUF)")
                }
            }
            let bound = address.withSockAddr { Glibc.bind(fd, $0, $1) }
            guard bound == 0 else { throw SocketError("bind") }
            guard Glibc.listen(fd, backlog) == 0 else { throw SocketError("listen") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec fd
    /// (`accept4` with `SOCK_NONBLOCK | SOCK_CLOEXEC`, no peer address copied out).
    /// Call it in a loop until `.wouldBlock`. `ECONNABORTED` and `EINTR` are retried.
    @inlinable
    public static func accept(_ listener: Int32) -> AcceptResult {
        while true {
            let fd = cepoll_accept_nonblocking(listener)
            if fd >= 0 { return .accepted(fd) }
            let error = errno
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            if error == EINTR || error == ECONNABORTED { continue }
            return .error(error)
        }
    }
}
