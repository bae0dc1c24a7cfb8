import EpollIO

/// A `ws://host:port/path` target: the numeric address to connect to and what goes into the
/// request line and `Host` header.
public struct TargetURL: Sendable, Equatable, CustomStringConvertible {
    /// The host as written (`127.0.0.1`, `localhost`, `[::1]`).
    public var host: String
    /// The TCP port (80 when the URL names none).
    public var port: Int
    /// The request target (`/` when the URL names none), query included.
    public var path: String
    /// The address connections go to.
    public var address: SocketAddress

    /// Parses `ws://host[:port][/path]`. Only numeric hosts (and `localhost`) are accepted: the load
    /// generator does no DNS. Returns nil for anything else, including `wss://`.
    public init?(_ text: String) {
        guard text.hasPrefix("ws://") else { return nil }
        let rest = text.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        path = slash == rest.endIndex ? "/" : String(rest[slash...])
        var hostPart = Substring(authority)
        var portNumber = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { return nil }
                portNumber = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            portNumber = p
        }
        guard (1...65535).contains(portNumber), !hostPart.isEmpty,
            let address = SocketAddress(host: String(hostPart), port: UInt16(portNumber))
        else { return nil }
        host = authority.hasPrefix("[") ? "[\(hostPart)]" : String(hostPart)
        port = portNumber
        self.address = address
    }

    /// The `Host` header value (`host:port`).
    public var hostHeader: String { "\(host):\(port)" }

    /// `ws://host:port/path`.
    public var description: String { "ws://\(host):\(port)\(path)" }
}
