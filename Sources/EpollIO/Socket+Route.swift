import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// Whether this machine has a route to `address`: `connect`s a UDP socket to it, which picks a
    /// route and a source address without sending anything. Returns nil if it has, else the error
    /// (`ENETUNREACH` for an IPv6 address on a host without IPv6, `EAFNOSUPPORT`, …).
    public static func routeProblem(to address: SocketAddress) -> SocketError? {
        let fd = Glibc.socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return SocketError("socket") }
        defer { close(fd) }
        guard address.withSockAddr({ Glibc.connect(fd, $0, $1) }) == 0 else { return SocketError("connect") }
        return nil
    }
}
