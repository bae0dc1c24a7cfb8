extension ClientHandshakeFailure: CustomStringConvertible {
    /// The failure in words. Values that differ per connection (the wrong accept value) are left
    /// out, so that many connections failing the same way read the same.
    public var description: String {
        switch self {
        case .unexpectedStatus(let code, let reasonPhrase):
            return "the server answered \(code)\(reasonPhrase.isEmpty ? "" : " " + reasonPhrase) instead of 101 Switching Protocols"
        case .missingUpgradeWebSocket:
            return "the 101 response has no Upgrade: websocket (RFC 6455 §4.1)"
        case .missingConnectionUpgrade:
            return "the 101 response has no Connection: Upgrade (RFC 6455 §4.1)"
        case .missingAccept:
            return "the 101 response has no Sec-WebSocket-Accept (RFC 6455 §4.1)"
        case .wrongAccept:
            return "Sec-WebSocket-Accept did not match the key (RFC 6455 §4.1: SHA-1 of the key and the GUID, in Base64)"
        case .unexpectedExtensions(let value):
            return "the server answered Sec-WebSocket-Extensions: \(value) to a request that offered none (RFC 6455 §4.1)"
        case .unexpectedSubprotocol(let value):
            return "the server chose the subprotocol \(value), which was not offered (RFC 6455 §4.1)"
        case .responseHeadTooLarge:
            return "the response head was larger than the configured maximum"
        case .malformedResponse:
            return "the response was not valid HTTP/1.1"
        }
    }
}
