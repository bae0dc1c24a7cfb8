import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// The address `fd` is bound to (`getsockname`): read the port after binding port 0.
    public static func localAddress(_ fd: Int32) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SocketError("getsockname") }
        guard let address = SocketAddress(storage: storage) else { throw SocketError("getsockname", errorNumber: EAFNOSUPPORT) }
        return address
    }

    /// The address of the connected peer (`getpeername`).
    public static func peerAddress(_ fd: Int32) throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard result == 0 else { throw SocketError("getpeername") }
        guard let address = SocketAddress(storage: storage) else { throw SocketError("getpeername", errorNumber: EAFNOSUPPORT) }
        return address
    }
}
