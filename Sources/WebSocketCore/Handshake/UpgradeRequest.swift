/// A request head validated as a WebSocket opening handshake (RFC 6455 §4.2.1), server side.
///
/// Checks, in order (first failure wins): method `GET`; version HTTP/1.1 or later; exactly one
/// non-empty `Host`; an `Upgrade` header listing `websocket`; a `Connection` header listing
/// `upgrade` (both lists compared ignoring ASCII case); `Sec-WebSocket-Version` exactly `13`;
/// exactly one `Sec-WebSocket-Key` that is the Base64 encoding of 16 bytes. The `Origin` check is
/// separate (``checkOrigin(allowedOrigins:)``) because only some servers want it.
public struct UpgradeRequest: Hashable, Sendable {
    /// The validated head.
    public let head: HTTPRequestHead
    /// The `Sec-WebSocket-Key` value (24 Base64 characters).
    public let key: String
    /// The `Host` value.
    public let host: String
    /// The `Origin` value, if sent (browsers always send it).
    public let origin: String?
    /// All `Sec-WebSocket-Extensions` values joined with `", "`, unparsed; `nil` if none were sent.
    public let extensions: String?
    /// The subprotocols offered in `Sec-WebSocket-Protocol` (all lines, in order); empty if none.
    public let subprotocols: [String]

    /// Validates `head`, or throws the rejection to answer with.
    public init(validating head: HTTPRequestHead) throws(UpgradeRejection) {
        let headers = head.headers
        guard head.method == "GET" else { throw .methodNotGet(head.method) }
        guard head.version >= .http1_1 else { throw .httpVersionTooOld(head.version) }
        guard headers.count(of: "Host") == 1, let host = headers.first("Host"), !host.isEmpty else {
            throw .invalidHost
        }
        guard headers.containsToken("websocket", in: "Upgrade") else { throw .missingUpgradeWebSocket }
        guard headers.containsToken("upgrade", in: "Connection") else { throw .missingConnectionUpgrade }
        let version = headers.combinedValue("Sec-WebSocket-Version")
        guard version == "13" else { throw .unsupportedWebSocketVersion(version) }
        guard headers.count(of: "Sec-WebSocket-Key") == 1, let key = headers.first("Sec-WebSocket-Key"),
            Base64.decodedCount(of: key) == 16
        else { throw .invalidKey }

        self.head = head
        self.key = key
        self.host = host
        self.origin = headers.first("Origin")
        self.extensions = headers.combinedValue("Sec-WebSocket-Extensions")
        self.subprotocols = headers.values("Sec-WebSocket-Protocol").flatMap { HTTPTokenList.elements(of: $0) }
    }

    /// The request target exactly as received.
    public var target: String { head.target }

    /// The path of the request target (see ``HTTPRequestHead/path``).
    public var path: Substring { head.path }

    /// The `Sec-WebSocket-Accept` value to send back.
    public var acceptValue: String { WebSocketAccept.value(forKey: key) }

    /// Whether the `Origin` is allowed: always if `allowedOrigins` is empty; otherwise the request
    /// must carry an `Origin` equal (ignoring ASCII case) to one of them.
    public func isOriginAllowed(_ allowedOrigins: [String]) -> Bool {
        if allowedOrigins.isEmpty { return true }
        guard let origin else { return false }
        return allowedOrigins.contains { HTTPSyntax.equalsIgnoringCase($0, origin) }
    }

    /// Throws ``UpgradeRejection/originNotAllowed(_:)`` (403) unless ``isOriginAllowed(_:)``.
    public func checkOrigin(allowedOrigins: [String]) throws(UpgradeRejection) {
        guard isOriginAllowed(allowedOrigins) else { throw .originNotAllowed(origin) }
    }
}
