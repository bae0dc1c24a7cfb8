/// Which end of a WebSocket connection this endpoint is. It decides the masking rules (RFC 6455 §5.1):
/// clients mask every frame they send, servers never do, and each side fails the connection when
/// the other breaks that rule.
public enum Role: Sendable, Hashable {
    case server
    case client
}
