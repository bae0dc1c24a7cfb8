import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// Socket helpers over plain `Int32` file descriptors.
///
/// A namespace, not a wrapper: callers keep fds in their own fd-indexed tables.
/// Set-up calls (`makeListener`, `connect`, options) throw `SocketError`; the
/// hot calls (`accept`, `read`, `write`, `writev`) return small enums with the
/// `errno` in their error case, so a loop never allocates or unwinds.
public enum Socket {
    /// Creates a non-blocking, close-on-exec TCP socket of `family` (`AF_INET`/`AF_INET6`).
    public static func makeTCPSocket(family: Int32) throws(SocketError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SocketError("socket") }
        return fd
    }

    /// Closes `fd` (which also removes it from every epoll set). Errors are ignored:
    /// after `close` the descriptor is gone either way.
    @inlinable
    public static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Which directions `shutdown` closes.
    public enum ShutdownDirection: Sendable {
        /// `SHUT_RD`.
        case read
        /// `SHUT_WR`: sends FIN after the pending data.
        case write
        /// `SHUT_RDWR`.
        case both
    }

    /// Shuts down one or both directions of a connected socket.
    public static func shutdown(_ fd: Int32, _ direction: ShutdownDirection) throws(SocketError) {
        let how: Int32
        switch direction {
        case .read: how = Int32(SHUT_RD)
        case .write: how = Int32(SHUT_WR)
        case .both: how = Int32(SHUT_RDWR)
        }
        guard Glibc.shutdown(fd, how) == 0 else { throw SocketError("shutdown") }
    }
}
