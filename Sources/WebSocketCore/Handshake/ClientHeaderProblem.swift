/// Why a header field cannot be added to a client's upgrade request
/// (``ClientHandshake/problem(withHeader:)``).
public enum ClientHeaderProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name (carried) is empty or not a token (RFC 9110 §5.1).
    case invalidName(String)
    /// The value of the named field holds CR, LF, NUL or another control character.
    case invalidValue(name: String)
    /// The handshake writes this field itself (`Host`, `Upgrade`, `Connection`,
    /// `Sec-WebSocket-Key`/`-Version`/`-Extensions`).
    case ownedByHandshake(String)
    /// `Origin`: the handshake's own parameter.
    case origin
    /// `Sec-WebSocket-Protocol`: the handshake offers the subprotocols it is given and checks the
    /// answer against them.
    case subprotocol
    /// `Content-Length` or `Transfer-Encoding` (carried): an upgrade request has no body.
    case body(String)

    /// The problem in words.
    public var description: String {
        switch self {
        case .invalidName(let name):
            return "header name \"\(name)\" is not a token (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)"
        case .invalidValue(let name):
            return "the value of header \(name) holds a control character (CR, LF, …): a header is one line"
        case .ownedByHandshake(let name):
            return "\(name) is written by the WebSocket handshake itself and cannot be set"
        case .origin:
            return "Origin is a parameter of the handshake"
        case .subprotocol:
            return "Sec-WebSocket-Protocol is written from the subprotocols offered"
        case .body(let name):
            return "\(name) would give the upgrade request a body, which it must not have"
        }
    }
}
