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
