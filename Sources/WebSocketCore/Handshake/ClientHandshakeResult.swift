/// The outcome of feeding the server's answer to ``ClientHandshake/parseResponse(_:)``.
public enum ClientHandshakeResult: Hashable, Sendable {
    /// The response head is not complete yet: append more bytes and parse again.
    case incomplete
    /// The server accepted: the connection now speaks WebSocket.
    case accepted(ClientHandshakeAcceptance)
    /// The handshake failed: close the connection.
    case failed(ClientHandshakeFailure)
}
