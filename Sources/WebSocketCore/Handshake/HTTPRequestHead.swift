/// A parsed HTTP/1.1 request head: request line and header fields (no body).
public struct HTTPRequestHead: Hashable, Sendable {
    /// The method token, case-sensitive (`GET`).
    public var method: String
    /// The request target exactly as received (`/chat?room=1`).
    public var target: String
    /// The protocol version from the request line.
    public var version: HTTPVersion
    /// The header fields.
    public var headers: HTTPHeaders

    /// Creates a head.
    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The path of the target: the target up to `?` or `#`; for an absolute-form target
    /// (`http://host/path`) the part after the authority (`/` if empty).
    public var path: Substring {
        var rest = Substring(target)
        if rest.first != "/", let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            rest = rest[(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)...]
            if rest.first != "/" { return "/" }
        }
        return rest[..<(rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex)]
    }

    /// The query of the target (after `?`, without it), if any.
    public var query: Substring? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        let rest = target[target.index(after: mark)...]
        return rest[..<(rest.firstIndex(of: "#") ?? rest.endIndex)]
    }

    /// Whether the client is trying to open a WebSocket at all: an `Upgrade` header listing
    /// `websocket`, or a `Sec-WebSocket-Key` or `Sec-WebSocket-Version` header. A server answers a
    /// request that is not an attempt as plain HTTP, and validates one that is with ``UpgradeRequest``.
    public var isWebSocketUpgradeAttempt: Bool {
        headers.containsToken("websocket", in: "Upgrade") || headers.first("Sec-WebSocket-Key") != nil
            || headers.first("Sec-WebSocket-Version") != nil
    }
}
