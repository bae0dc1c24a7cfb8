import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// Starts a non-blocking TCP connect to `destination`, optionally from a chosen
    /// local `source` address (bound before connecting).
    ///
    /// With a source whose port is 0, `IP_BIND_ADDRESS_NO_PORT` is set first so the
    /// kernel picks the source port at connect time per 4-tuple instead of reserving
    /// one at bind: each (source IP, destination) pair can then use the whole
    /// ephemeral range, and several 127.x.y.z sources reach 100k connections.
    /// `TCP_NODELAY` is set when `noDelay` is true.
    public static func connect(
        to destination: SocketAddress,
        from source: SocketAddress? = nil,
        noDelay: Bool = true
    ) throws(SocketError) -> ConnectResult {
        let fd = try makeTCPSocket(family: destination.family)
        do throws(SocketError) {
            if noDelay {
                guard cepoll_set_tcp_nodelay(fd, 1) == 0 else { throw SocketError("setsockopt(TCP_NODELAY)") }
            }
            if let source {
                if source.port == 0 {
                    guard cepoll_set_bind_address_no_port(fd, 1) == 0 else {
                        throw SocketError("setsockopt(IP_BIND_ADDRESS_NO_PORT)")
                    }
                }
                let bound = source.withSockAddr { Glibc.bind(fd, $0, $1) }
                guard bound == 0 else { throw SocketError("bind") }
            }
            while true {
                let result = destination.withSockAddr { Glibc.connect(fd, $0, $1) }
                if result == 0 { return .connected(fd) }
                let error = errno
                if error == EINTR { continue }
                if error == EINPROGRESS { return .inProgress(fd) }
                throw SocketError("connect", errorNumber: error)
            }
        } catch {
            close(fd)
            throw error
        }
    }

    /// Completes a connect that returned `.inProgress` once the fd is writable:
    /// throws the connect's error (from `SO_ERROR`) if it failed.
    public static func finishConnect(_ fd: Int32) throws(SocketError) {
        let pending = cepoll_take_socket_error(fd)
        if pending < 0 { throw SocketError("getsockopt(SO_ERROR)") }
        if pending != 0 { throw SocketError("connect", errorNumber: pending) }
    }
}
