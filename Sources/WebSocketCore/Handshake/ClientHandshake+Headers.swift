extension ClientHandshake {
    /// Header fields the handshake writes itself: a caller's copy would contradict or duplicate them.
    static let ownedHeaderNames = [
        "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
    ]

    /// Why `field` cannot go into an upgrade request as an extra header, or nil if it can: the name
    /// must be a token and not one the handshake owns (``ownedHeaderNames``, `Origin`,
    /// `Sec-WebSocket-Protocol`) nor one that announces a body; the value must be one line (no
    /// control character but HTAB).
    public static func problem(withHeader field: HTTPHeaderField) -> ClientHeaderProblem? {
        let name = field.name
        guard !name.isEmpty, name.utf8.allSatisfy(HTTPSyntax.isTokenCharacter) else { return .invalidName(name) }
        if let owned = ownedHeaderNames.first(where: { HTTPSyntax.equalsIgnoringCase($0, name) }) {
            return .ownedByHandshake(owned)
        }
        if HTTPSyntax.equalsIgnoringCase(name, "Origin") { return .origin }
        if HTTPSyntax.equalsIgnoringCase(name, "Sec-WebSocket-Protocol") { return .subprotocol }
        for body in ["Content-Length", "Transfer-Encoding"] where HTTPSyntax.equalsIgnoringCase(name, body) {
            return .body(body)
        }
        guard field.value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte) else { return .invalidValue(name: name) }
        return nil
    }

    /// Whether `name` can be offered as a subprotocol: a non-empty token (RFC 6455 §4.1).
    public static func isValidSubprotocol(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPSyntax.isTokenCharacter)
    }
}
