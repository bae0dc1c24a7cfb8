import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address and port, stored inline (a `sockaddr_in` or
/// `sockaddr_in6`, no heap allocation).
///
/// Parse numeric text only (no DNS): `"127.0.0.1:8080"`, `"[::1]:8080"`,
/// or a host and a port separately; `"localhost"` is taken as 127.0.0.1.
@frozen
public enum SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 address (`AF_INET`).
    case v4(sockaddr_in)
    /// An IPv6 address (`AF_INET6`).
    case v6(sockaddr_in6)

    /// Creates an address from a numeric host (`"127.0.0.2"`, `"::1"`, `"localhost"`) and a port.
    /// Returns nil if the host is not a numeric IPv4 or IPv6 address.
    public init?(host: String, port: UInt16) {
        let host = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if host.withCString({ inet_pton(AF_INET, $0, &v4.sin_addr) }) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if host.withCString({ inet_pton(AF_INET6, $0, &v6.sin6_addr) }) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self = .v6(v6)
            return
        }
        return nil
    }

    /// Parses `"host:port"` (IPv4 or `localhost`) or `"[v6-host]:port"`.
    /// Returns nil for anything else.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard let colon = utf8.lastIndex(of: UInt8(ascii: ":")), colon + 1 < utf8.count else { return nil }
        var port: UInt32 = 0
        for byte in utf8[(colon + 1)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            port = port * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard port <= UInt32(UInt16.max) else { return nil }
        }
        var hostBytes = utf8[..<colon]
        if hostBytes.first == UInt8(ascii: "[") {
            guard hostBytes.last == UInt8(ascii: "]"), hostBytes.count >= 2 else { return nil }
            hostBytes = hostBytes.dropFirst().dropLast()
            guard hostBytes.contains(UInt8(ascii: ":")) else { return nil }
        } else if hostBytes.contains(UInt8(ascii: ":")) {
            return nil  // an IPv6 host must be bracketed
        }
        guard let address = SocketAddress(host: String(decoding: hostBytes, as: UTF8.self), port: UInt16(port)) else {
            return nil
        }
        self = address
    }

    /// The port, in host byte order.
    @inlinable
    public var port: UInt16 {
        switch self {
        case .v4(let address): return UInt16(bigEndian: address.sin_port)
        case .v6(let address): return UInt16(bigEndian: address.sin6_port)
        }
    }

    /// `AF_INET` or `AF_INET6`.
    @inlinable
    public var family: Int32 {
        switch self {
        case .v4: return AF_INET
        case .v6: return AF_INET6
        }
    }

    /// The same address with another port.
    @inlinable
    public func withPort(_ port: UInt16) -> SocketAddress {
        switch self {
        case .v4(var address):
            address.sin_port = port.bigEndian
            return .v4(address)
        case .v6(var address):
            address.sin6_port = port.bigEndian
            return .v6(address)
        }
    }

    /// The host part as numeric text (`"127.0.0.1"`, `"::1"`).
    public var host: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch self {
        case .v4(var address):
            _ = inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count))
        case .v6(var address):
            _ = inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(text.count))
        }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `"127.0.0.1:8080"` or `"[::1]:8080"`.
    public var description: String {
        switch self {
        case .v4: return "\(host):\(port)"
        case .v6: return "[\(host)]:\(port)"
        }
    }

    /// Calls `body` with a `sockaddr` pointer and length for system calls such as `bind` and `connect`.
    @inlinable
    public func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> Result) rethrows -> Result {
        switch self {
        case .v4(var address):
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var address):
            return try withUnsafePointer(to: &address) {
                try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// Decodes a `sockaddr_storage` filled by `getsockname`/`getpeername`/`accept`.
    /// Returns nil for families other than IPv4 and IPv6.
    @inlinable
    public init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            self = withUnsafeBytes(of: &storage) { .v4($0.loadUnaligned(as: sockaddr_in.self)) }
        case AF_INET6:
            self = withUnsafeBytes(of: &storage) { .v6($0.loadUnaligned(as: sockaddr_in6.self)) }
        default:
            return nil
        }
    }

    /// Equal when family, address bytes and port are equal.
    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(var a), .v4(var b)):
            return a.sin_port == b.sin_port
                && withUnsafeBytes(of: &a.sin_addr) { x in withUnsafeBytes(of: &b.sin_addr) { y in x.elementsEqual(y) } }
        case (.v6(var a), .v6(var b)):
            return a.sin6_port == b.sin6_port && a.sin6_scope_id == b.sin6_scope_id
                && withUnsafeBytes(of: &a.sin6_addr) { x in withUnsafeBytes(of: &b.sin6_addr) { y in x.elementsEqual(y) } }
        default:
            return false
        }
    }
}
