/// The outcome of feeding the server's answer to ``ClientHandshake/parseResponse(_:)``.
public enum ClientHandshakeResult: Hashable, Sendable {
    /// The response head is not complete yet: append more bytes and parse again.
    case incomplete
    /// The server accepted: the connection now speaks WebSocket.
    case accepted(ClientHandshakeAcceptance)
    /// The handshake failed: close the connection.
    case failed(ClientHandshakeFailure)
}

/// A successful handshake as seen by the client.
public struct ClientHandshakeAcceptance: Hashable, Sendable {
    /// The `Sec-WebSocket-Extensions` value(s) of the 101, joined with `", "`; `nil` if none.
    public var extensions: String?
    /// The subprotocol the server selected, if any (always one the client offered).
    public var subprotocol: String?
    /// The length of the response head. Bytes of the buffer after it are already WebSocket frames.
    public var consumed: Int
    /// The whole response head.
    public var head: HTTPResponseHead
}

/// Why a client fails the opening handshake (RFC 6455 §4.1, the server's response checks).
public enum ClientHandshakeFailure: Error, Hashable, Sendable {
    /// The status is not 101 (for example 403, 426 or 503).
    case unexpectedStatus(code: Int, reasonPhrase: String)
    /// No `Upgrade` header listing `websocket`.
    case missingUpgradeWebSocket
    /// No `Connection` header listing `upgrade`.
    case missingConnectionUpgrade
    /// No `Sec-WebSocket-Accept` header.
    case missingAccept
    /// A `Sec-WebSocket-Accept` value (carried) other than the one the key requires, or several.
    case wrongAccept(String)
    /// `Sec-WebSocket-Extensions` (carried) in answer to a request that offered no extension.
    case unexpectedExtensions(String)
    /// `Sec-WebSocket-Protocol` (carried) naming a subprotocol the client did not offer.
    case unexpectedSubprotocol(String)
    /// The response head is larger than the configured maximum.
    case responseHeadTooLarge
    /// The response is not valid HTTP/1.1.
    case malformedResponse
}
