import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// Sets or clears `TCP_NODELAY` (disable Nagle: small frames leave at once).
    public static func setNoDelay(_ fd: Int32, _ on: Bool = true) throws(SocketError) {
        guard cepoll_set_tcp_nodelay(fd, on ? 1 : 0) == 0 else { throw SocketError("setsockopt(TCP_NODELAY)") }
    }

    /// Sets `SO_SNDBUF` (the kernel doubles the value and enforces a minimum).
    public static func setSendBufferSize(_ fd: Int32, _ bytes: Int) throws(SocketError) {
        guard cepoll_set_send_buffer_size(fd, Int32(clamping: bytes)) == 0 else {
            throw SocketError("setsockopt(SO_SNDBUF)")
        }
    }

    /// Sets `SO_RCVBUF` (the kernel doubles the value and enforces a minimum).
    /// Set it before `listen`/`connect` for it to shape the TCP window.
    public static func setReceiveBufferSize(_ fd: Int32, _ bytes: Int) throws(SocketError) {
        guard cepoll_set_receive_buffer_size(fd, Int32(clamping: bytes)) == 0 else {
            throw SocketError("setsockopt(SO_RCVBUF)")
        }
    }

    /// Whether `TCP_NODELAY` is set.
    public static func isNoDelay(_ fd: Int32) throws(SocketError) -> Bool {
        let value = cepoll_get_tcp_nodelay(fd)
        guard value >= 0 else { throw SocketError("getsockopt(TCP_NODELAY)") }
        return value == 1
    }

    /// `SO_SNDBUF` as the kernel applied it (twice the requested value).
    public static func sendBufferSize(_ fd: Int32) throws(SocketError) -> Int {
        let value = cepoll_get_send_buffer_size(fd)
        guard value >= 0 else { throw SocketError("getsockopt(SO_SNDBUF)") }
        return Int(value)
    }

    /// `SO_RCVBUF` as the kernel applied it (twice the requested value).
    public static func receiveBufferSize(_ fd: Int32) throws(SocketError) -> Int {
        let value = cepoll_get_receive_buffer_size(fd)
        guard value >= 0 else { throw SocketError("getsockopt(SO_RCVBUF)") }
        return Int(value)
    }
}
