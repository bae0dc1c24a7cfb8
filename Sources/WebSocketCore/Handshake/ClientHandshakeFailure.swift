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
