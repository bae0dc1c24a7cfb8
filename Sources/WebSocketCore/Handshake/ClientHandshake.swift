/// The client side of the opening handshake (RFC 6455 §4.1): builds the upgrade request and
/// validates the server's response from a growing receive buffer.
///
/// ```swift
/// var handshake = ClientHandshake(host: "127.0.0.1:9001", path: "/", keyBytes: ClientHandshake.randomKeyBytes())
/// send(handshake.request())
/// // for each read, appended to `received`:
/// switch received.withUnsafeBytes({ handshake.parseResponse($0) }) { … }
/// ```
public struct ClientHandshake: Sendable {
    /// The `Host` value.
    public let host: String
    /// The request target.
    public let path: String
    /// The `Origin` value sent, if any.
    public let origin: String?
    /// The `Sec-WebSocket-Extensions` offer sent, if any (for example `permessage-deflate; client_max_window_bits`).
    public let extensionOffer: String?
    /// The subprotocols offered in `Sec-WebSocket-Protocol`, in preference order.
    public let subprotocols: [String]
    /// Further header fields sent after the handshake's own (a token, a cookie), in order.
    public let headers: [HTTPHeaderField]
    /// The `Sec-WebSocket-Key` value: Base64 of the 16 key bytes.
    public let key: String
    /// The `Sec-WebSocket-Accept` value the server must answer with.
    public let expectedAccept: String

    private var parser: HTTPResponseParser

    /// Creates a handshake. `keyBytes` must be 16 bytes, freshly random for each connection;
    /// `path` must be a non-empty request target of visible ASCII (percent-encode anything else);
    /// each of `headers` must pass ``problem(withHeader:)``.
    public init(
        host: String, path: String = "/", keyBytes: [UInt8], origin: String? = nil, extensionOffer: String? = nil,
        subprotocols: [String] = [], headers: [HTTPHeaderField] = [],
        maximumResponseHeadSize: Int = HTTPRequestParser.defaultMaximumHeadSize
    ) {
        precondition(keyBytes.count == 16, "Sec-WebSocket-Key must encode exactly 16 bytes")
        precondition(!path.isEmpty && path.utf8.allSatisfy(HTTPSyntax.isTargetByte), "invalid request target")
        for field in headers {
            if let problem = Self.problem(withHeader: field) { preconditionFailure(problem.description) }
        }
        self.host = host
        self.path = path
        self.origin = origin
        self.extensionOffer = extensionOffer
        self.subprotocols = subprotocols
        self.headers = headers
        self.key = Base64.encode(keyBytes)
        self.expectedAccept = WebSocketAccept.value(forKey: key)
        self.parser = HTTPResponseParser(maximumHeadSize: maximumResponseHeadSize)
    }

    /// 16 bytes from the system's random number generator, for ``init(host:path:keyBytes:origin:extensionOffer:subprotocols:headers:maximumResponseHeadSize:)``.
    public static func randomKeyBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The request bytes: `GET path HTTP/1.1`, `Host`, `Upgrade: websocket`, `Connection: Upgrade`,
    /// `Sec-WebSocket-Key`, `Sec-WebSocket-Version: 13`, then `Origin`, `Sec-WebSocket-Protocol` and
    /// `Sec-WebSocket-Extensions` when set, then ``headers``.
    public func request() -> [UInt8] {
        HTTPHeadWriter.bytes { render(&$0) }
    }

    /// Writes ``request()`` into `buffer`; returns the byte count, or `nil` if it does not fit.
    public func writeRequest(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        HTTPHeadWriter.write(into: buffer) { render(&$0) }
    }

    /// Parses the response received so far (`buffer` must start at its first byte and only grow).
    public mutating func parseResponse(_ buffer: UnsafeRawBufferPointer) -> ClientHandshakeResult {
        switch parser.parse(buffer) {
        case .incomplete: return .incomplete
        case .tooLarge: return .failed(.responseHeadTooLarge)
        case .malformed: return .failed(.malformedResponse)
        case .complete(let head, let consumed):
            switch validate(head) {
            case .success(let (extensions, subprotocol)):
                return .accepted(
                    ClientHandshakeAcceptance(extensions: extensions, subprotocol: subprotocol, consumed: consumed, head: head))
            case .failure(let failure):
                return .failed(failure)
            }
        }
    }

    /// Checks a complete response head; returns the negotiated extensions and subprotocol.
    func validate(_ head: HTTPResponseHead) -> Result<(String?, String?), ClientHandshakeFailure> {
        let headers = head.headers
        guard head.status.code == 101 else {
            return .failure(.unexpectedStatus(code: head.status.code, reasonPhrase: head.status.reasonPhrase))
        }
        guard headers.containsToken("websocket", in: "Upgrade") else { return .failure(.missingUpgradeWebSocket) }
        guard headers.containsToken("upgrade", in: "Connection") else { return .failure(.missingConnectionUpgrade) }
        let accepts = headers.values("Sec-WebSocket-Accept")
        guard let accept = accepts.first else { return .failure(.missingAccept) }
        guard accepts.count == 1, accept == expectedAccept else {
            return .failure(.wrongAccept(accepts.joined(separator: ", ")))
        }
        let extensions = headers.combinedValue("Sec-WebSocket-Extensions")
        if let extensions, extensionOffer == nil { return .failure(.unexpectedExtensions(extensions)) }
        let subprotocol = headers.combinedValue("Sec-WebSocket-Protocol")
        if let subprotocol, !subprotocols.contains(subprotocol) { return .failure(.unexpectedSubprotocol(subprotocol)) }
        return .success((extensions, subprotocol))
    }

    func render(_ w: inout HTTPHeadWriter) {
        w.append("GET ")
        w.append(path)
        w.append(" HTTP/1.1\r\n")
        w.appendField("Host", host)
        w.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        w.appendField("Sec-WebSocket-Key", key)
        w.append("Sec-WebSocket-Version: 13\r\n")
        if let origin { w.appendField("Origin", origin) }
        if !subprotocols.isEmpty { w.appendField("Sec-WebSocket-Protocol", subprotocols.joined(separator: ", ")) }
        if let extensionOffer { w.appendField("Sec-WebSocket-Extensions", extensionOffer) }
        for field in headers {
            w.append(field.name)
            w.append(": ")
            w.appendFieldValue(field.value)
            w.append("\r\n")
        }
        w.append("\r\n")
    }
}
