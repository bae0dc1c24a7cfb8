/// Why a `Sec-WebSocket-Extensions` value, a permessage-deflate offer, or a server's response to
/// the client's offer was not acceptable.
public enum DeflateNegotiationError: Error, Sendable, Hashable {
    /// The header value does not follow RFC 6455 §9.1 (the byte offset of the problem is given).
    case malformedHeader(offset: Int)
    /// A parameter RFC 7692 does not define (for offers, or for responses).
    case unknownParameter(String)
    /// The same parameter twice in one offer or response.
    case duplicateParameter(String)
    /// A parameter with a value it may not have, without a value it needs, or out of range.
    case invalidParameterValue(name: String, value: String?)
    /// The server's response names an extension the client did not offer.
    case unexpectedExtension(String)
    /// The server's response contains permessage-deflate more than once.
    case multipleResponses
    /// The server's response sets a window the client's offer did not allow.
    case windowBitsNotAllowed(name: String, value: Int)
    /// The server's response lacks a parameter the client's offer required it to accept.
    case missingParameter(String)
}
