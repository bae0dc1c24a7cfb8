import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The checks of `FuzzHandshakeRequest` on a parsed request.
enum HandshakeRequestChecks {
    /// A parsed head: a token method, a visible-ASCII target, token field names.
    static func checkHead(_ head: HTTPRequestHead) {
        require(!head.method.isEmpty && head.method.utf8.allSatisfy(HTTPSyntax.isTokenCharacter), "method \(head.method)")
        require(!head.target.isEmpty && head.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "target \(head.target)")
        for field in head.headers.fields {
            require(!field.name.isEmpty && field.name.utf8.allSatisfy(HTTPSyntax.isTokenCharacter), "field name \(field.name)")
            require(!field.value.utf8.contains { $0 < 0x20 && $0 != 9 || $0 == 0x7F }, "control byte in \(field.name)")
        }
        _ = head.path
        _ = head.query
    }

    /// A rejection: one of the server's statuses, and a response the client reads as that status.
    static func checkRejected(_ rejection: UpgradeRejection) {
        let status = rejection.status
        require([400, 403, 426].contains(status.code), "\(rejection) answered with \(status)")
        let response = HandshakeResponse.rejection(rejection)
        var parser = HTTPResponseParser()
        guard case .complete(let head, let consumed) = response.withUnsafeBytes({ parser.parse($0) }) else {
            return require(false, "the \(status) response does not parse")
        }
        require(head.status == status, "\(status) parsed as \(head.status)")
        require(head.headers.first("Content-Length") == String(response.count - consumed), "Content-Length of the \(status)")
        if status.code == 426 { require(head.headers.first("Sec-WebSocket-Version") == "13", "426 without the version") }
        var client = ClientHandshake(host: "example.com", keyBytes: Array(repeating: 0, count: 16))
        let answer = response.withUnsafeBytes { client.parseResponse($0) }
        require(
            answer == .failed(.unexpectedStatus(code: status.code, reasonPhrase: status.reasonPhrase)),
            "the client reads the \(status) as \(answer)")
    }

    /// An acceptance: the 101 the server sends is what a client that sent this request accepts.
    static func checkAccepted(_ upgrade: UpgradeRequest, options: DeflateOptions) {
        require(upgrade.head.isWebSocketUpgradeAttempt, "an accepted upgrade is not an upgrade attempt")
        require(Base64.decodedCount(of: upgrade.key) == 16, "accepted key \(upgrade.key)")
        let accept = upgrade.acceptValue
        require(accept.utf8.count == 28 && Base64.decodedCount(of: accept) == 20, "accept value \(accept)")

        let negotiated = DeflateNegotiation.respond(toOffers: upgrade.extensions ?? "", options: options)
        if upgrade.extensions == nil { require(negotiated == nil, "deflate accepted without an offer") }
        let subprotocol = upgrade.subprotocols.first
        Trace.print("accepted; deflate: \(String(describing: negotiated)); subprotocol: \(String(describing: subprotocol))")
        let response = HandshakeResponse.switchingProtocols(
            for: upgrade, extensions: negotiated?.responseHeaderValue, subprotocol: subprotocol)

        // A client that sent this request (only possible when the key is canonical Base64: a client
        // encodes its 16 bytes; a key with non-zero padding bits decodes to bytes that encode otherwise).
        guard let keyBytes = Base64.decode(upgrade.key), Base64.encode(keyBytes) == upgrade.key else { return }
        var client = ClientHandshake(
            host: upgrade.host, path: upgrade.target, keyBytes: keyBytes, origin: upgrade.origin,
            extensionOffer: upgrade.extensions, subprotocols: upgrade.subprotocols, maximumResponseHeadSize: 1 << 20)
        require(client.expectedAccept == accept, "client expects \(client.expectedAccept), server sends \(accept)")
        let answer = response.withUnsafeBytes { client.parseResponse($0) }
        guard case .accepted(let acceptance) = answer else { return require(false, "the client rejects the 101: \(answer)") }
        require(acceptance.extensions == negotiated?.responseHeaderValue, "extensions \(String(describing: acceptance.extensions))")
        require(acceptance.subprotocol == subprotocol, "subprotocol \(String(describing: acceptance.subprotocol))")
        require(acceptance.consumed == response.count, "the 101 took \(acceptance.consumed) of \(response.count) bytes")

        // The client's own request for this handshake is the same upgrade.
        let request = client.request()
        var parser = HTTPRequestParser(maximumHeadSize: 1 << 20)
        guard case .complete(let head, request.count) = request.withUnsafeBytes({ parser.parse($0) }),
            let again = try? UpgradeRequest(validating: head)
        else { return require(false, "the client's request does not parse as an upgrade") }
        require(again.key == upgrade.key && again.host == upgrade.host && again.target == upgrade.target, "key, host or target")
        require(again.origin == upgrade.origin, "origin \(String(describing: again.origin))")
        require(again.subprotocols == upgrade.subprotocols, "subprotocols \(again.subprotocols)")
        // One header line carries the joined offer; a trailing ", " of an empty last line is trimmed there.
        require(
            again.extensions.map(trimmedTrailingWhitespace) == upgrade.extensions.map(trimmedTrailingWhitespace),
            "extensions \(String(describing: again.extensions))")
    }

    static func trimmedTrailingWhitespace(_ text: String) -> Substring {
        var text = Substring(text)
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
