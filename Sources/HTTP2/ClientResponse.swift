/// The answer to one extended-CONNECT request, gathered field by field as nghttp2 decodes the
/// response HEADERS, then judged once the header block ends (``verdict``).
public struct ClientResponse: Equatable, Sendable {
    /// What the answer means for the WebSocket.
    public enum Verdict: Equatable, Sendable {
        /// `200`: the stream is a WebSocket, with these negotiated values.
        case accepted(extensions: String?, subprotocol: String?)
        /// Anything else, with the reason in words.
        case rejected(String)
    }

    /// `:status`, once seen.
    public private(set) var status: Int? = nil
    /// `sec-websocket-extensions` (several fields joined with `", "`).
    public private(set) var extensions: String? = nil
    /// `sec-websocket-protocol`.
    public private(set) var subprotocol: String? = nil

    public init() {}

    /// Takes one decoded field (names arrive lower case from HPACK).
    public mutating func field(name: String, value: String) {
        switch name {
        case ":status": status = Int(value)
        case "sec-websocket-extensions": extensions = extensions.map { $0 + ", " + value } ?? value
        case "sec-websocket-protocol": subprotocol = value
        default: break
        }
    }

    /// The verdict on the finished header block, checked against what was offered.
    public func verdict(offeredSubprotocols: [String]) -> Verdict {
        guard let status else { return .rejected("the response has no :status") }
        guard status == 200 else {
            return .rejected("the server answered the extended CONNECT with status \(status)")
        }
        if let subprotocol, !offeredSubprotocols.contains(subprotocol) {
            return .rejected("the server selected subprotocol \(subprotocol), which was not offered")
        }
        return .accepted(extensions: extensions, subprotocol: subprotocol)
    }
}
