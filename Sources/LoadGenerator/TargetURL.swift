import EpollIO

/// A WebSocket URL (RFC 6455 §3) as `wsbench load` takes it: what to connect to and what goes into
/// the request line and the `Host` header. Parsing never resolves a name (``TargetResolution`` does,
/// once per run).
///
/// ```
/// target    = scheme "://" authority [ path ] [ "?" query ]
/// scheme    = "ws" / "wss"                      (any case; wss = TLS, default port 443; ws: 80)
/// authority = host [ ":" [ port ] ]             (no "user@": userinfo is refused)
/// host      = "[" IPv6 "]" / IPv4 / name        (a name: letters, digits, "-", ".", "_")
/// port      = 1 to 65535
/// path      = "/" visible ASCII                 (percent-encode anything else; "/" when absent)
/// ```
///
/// No fragment (`#…`: RFC 6455 §3 forbids it). `http://` and `https://` are refused with a hint to
/// use `ws://` and `wss://`.
public struct TargetURL: Sendable, Equatable, CustomStringConvertible {
    /// Whether the scheme is `wss` (TLS).
    public var isSecure: Bool
    /// The host as written (`127.0.0.1`, `example.com`, `[::1]`: an IPv6 literal keeps its brackets).
    public var host: String
    /// The TCP port (the scheme's default when the URL names none).
    public var port: Int
    /// The request target: the path (`/` when the URL names none) with its query.
    public var path: String

    /// Parses `text`; returns nil for anything ``parse(_:)`` refuses.
    public init?(_ text: String) {
        guard let parsed = try? TargetURL.parse(text) else { return nil }
        self = parsed
    }

    private init(isSecure: Bool, host: String, port: Int, path: String) {
        self.isSecure = isSecure
        self.host = host
        self.port = port
        self.path = path
    }

    /// Parses a `ws://` or `wss://` URL, or throws why it is not one.
    public static func parse(_ text: String) throws(TargetURLError) -> TargetURL {
        guard let separator = text.firstRange(of: "://") else { throw .notAURL(text) }
        let scheme = text[..<separator.lowerBound].lowercased()
        let isSecure: Bool
        switch scheme {
        case "ws": isSecure = false
        case "wss": isSecure = true
        case "http": throw .httpScheme(secure: false)
        case "https": throw .httpScheme(secure: true)
        default: throw .unsupportedScheme(scheme)
        }
        let rest = text[separator.upperBound...]
        if rest.contains("#") { throw .fragment }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var path = String(rest[authorityEnd...])
        if path.isEmpty || path.hasPrefix("?") { path = "/" + path }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidPathCharacters(path) }
        if authority.contains("@") { throw .userinfo }

        let hostPart: Substring
        var portPart: Substring? = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost(String(authority)) }
            hostPart = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidHost(String(authority)) }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            if authority[authority.index(after: colon)...].contains(":") { throw .unbracketedIPv6(String(authority)) }
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        } else {
            hostPart = authority
        }
        guard !hostPart.isEmpty else { throw .missingHost }
        let host = String(hostPart)
        try checkHost(host)
        var port = isSecure ? 443 : 80
        if let portPart, !portPart.isEmpty {
            guard portPart.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), portPart.count <= 5, let number = Int(portPart),
                (1...65535).contains(number)
            else { throw .invalidPort(String(portPart)) }
            port = number
        }
        return TargetURL(isSecure: isSecure, host: host, port: port, path: path)
    }

    /// Throws unless `host` is a bracketed IPv6 literal, an IPv4 address or a host name.
    private static func checkHost(_ host: String) throws(TargetURLError) {
        if host.hasPrefix("[") {
            let inner = String(host.dropFirst().dropLast())
            if inner.contains("%") { throw .ipv6ZoneIdentifier }
            guard host.hasSuffix("]"), inner.contains(":"), SocketAddress(host: inner, port: 0) != nil else {
                throw .invalidHost(host)
            }
            return
        }
        guard host.utf8.allSatisfy(isNameByte) else {
            if host.utf8.contains(where: { $0 >= 0x80 }) { throw .nonASCIIHost(host) }
            throw .invalidHost(host)
        }
        if isDigitsAndDots(host), SocketAddress(host: host, port: 0) == nil {
            throw .invalidHost(host)  // digits and dots: an IPv4 address or nothing
        }
    }

    /// A byte of a host name: an ASCII letter or digit, `-`, `.` or `_`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Whether `text` is made of digits and dots only (an IPv4 address, or nothing valid).
    private static func isDigitsAndDots(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }
    }

    /// The scheme (`ws` or `wss`).
    public var scheme: String { isSecure ? "wss" : "ws" }

    /// The scheme's default port: 443 for `wss`, 80 for `ws`.
    public var defaultPort: Int { isSecure ? 443 : 80 }

    /// The host without an IPv6 literal's brackets: what `getaddrinfo` resolves.
    public var hostName: String {
        host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    }

    /// The address when the host is an IPv4 or IPv6 literal (nil for a name, which needs resolving).
    public var literalAddress: SocketAddress? {
        guard host.hasPrefix("[") || Self.isDigitsAndDots(host) else { return nil }
        return SocketAddress(host: hostName, port: UInt16(port))
    }

    /// The name a TLS client sends in SNI (RFC 6066 §3: a host name, never an address literal), nil
    /// for literals. For the `wss://` transport.
    public var tlsServerName: String? { literalAddress == nil ? hostName : nil }

    /// The `Host` header value: the host as written, with `:port` unless it is the scheme's default
    /// (as browsers send it).
    public var hostHeader: String { port == defaultPort ? host : "\(host):\(port)" }

    /// `ws://host:port/path` (the port always written).
    public var description: String { "\(scheme)://\(host):\(port)\(path)" }
}
