import Testing
@testable import WebSocketCore

@Suite struct ClientHandshakeTests {
    /// The RFC 6455 §1.3 nonce: "the sample nonce".
    static let sampleKeyBytes = Array("the sample nonce".utf8)

    func handshake(extensionOffer: String? = nil, subprotocols: [String] = [], maximumResponseHeadSize: Int = 8192) -> ClientHandshake {
        ClientHandshake(
            host: "server.example.com", path: "/chat", keyBytes: Self.sampleKeyBytes, origin: "http://example.com",
            extensionOffer: extensionOffer, subprotocols: subprotocols, maximumResponseHeadSize: maximumResponseHeadSize)
    }

    func parse(_ client: ClientHandshake, _ response: String) -> ClientHandshakeResult {
        var client = client
        return Array(response.utf8).withUnsafeBytes { client.parseResponse($0) }
    }

    func response(accept: String = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", extra: String = "") -> String {
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(accept)\r\n\(extra)\r\n"
    }

    @Test func keyAndExpectedAcceptFollowRFCExample() {
        let client = handshake()
        #expect(client.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(client.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func requestBytes() {
        let request = String(decoding: handshake(extensionOffer: "permessage-deflate; client_max_window_bits").request(), as: UTF8.self)
        #expect(
            request
                == "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://example.com\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
    }

    @Test func requestIsAcceptedByServerSide() throws {
        let client = handshake(extensionOffer: "permessage-deflate", subprotocols: ["chat", "superchat"])
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = try #require(buffer.withUnsafeMutableBytes { client.writeRequest(into: $0) })
        #expect(Array(buffer.prefix(count)) == client.request())
        var parser = HTTPRequestParser()
        guard case .complete(let head, let consumed) = buffer.withUnsafeBytes({ parser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }) else {
            Issue.record("server could not parse the client request")
            return
        }
        #expect(consumed == count)
        let upgrade = try UpgradeRequest(validating: head)
        #expect(upgrade.acceptValue == client.expectedAccept)
        #expect(upgrade.subprotocols == ["chat", "superchat"])
        #expect(upgrade.extensions == "permessage-deflate")
        #expect(upgrade.origin == "http://example.com")
    }

    @Test func goodResponseIsAccepted() {
        let text = response()
        guard case .accepted(let acceptance) = parse(handshake(), text) else {
            Issue.record("expected accepted")
            return
        }
        #expect(acceptance.consumed == text.utf8.count)
        #expect(acceptance.extensions == nil)
        #expect(acceptance.subprotocol == nil)
    }

    @Test func serverResponseFromBuilderIsAccepted() {
        let client = handshake(extensionOffer: "permessage-deflate", subprotocols: ["chat"])
        var parser = client
        let bytes = HandshakeResponse.switchingProtocols(accept: client.expectedAccept, extensions: "permessage-deflate", subprotocol: "chat")
        guard case .accepted(let acceptance) = bytes.withUnsafeBytes({ parser.parseResponse($0) }) else {
            Issue.record("expected accepted")
            return
        }
        #expect(acceptance.extensions == "permessage-deflate")
        #expect(acceptance.subprotocol == "chat")
        #expect(acceptance.consumed == bytes.count)
    }

    @Test func trailingFrameBytesAreNotConsumed() {
        let head = response(extra: "Sec-WebSocket-Extensions: permessage-deflate\r\n")
        let frame: [UInt8] = [0x81, 0x02, 0x68, 0x69]
        var client = handshake(extensionOffer: "permessage-deflate")
        let bytes = Array(head.utf8) + frame
        guard case .accepted(let acceptance) = bytes.withUnsafeBytes({ client.parseResponse($0) }) else {
            Issue.record("expected accepted")
            return
        }
        #expect(acceptance.consumed == head.utf8.count)
        #expect(Array(bytes[acceptance.consumed...]) == frame)
        #expect(acceptance.extensions == "permessage-deflate")
    }

    @Test func incompleteUntilHeadEndsWhateverTheSplit() {
        let bytes = Array(response().utf8)
        for split in 0..<bytes.count {
            var client = handshake()
            let first = bytes.withUnsafeBytes { client.parseResponse(UnsafeRawBufferPointer(rebasing: $0[0..<split])) }
            #expect(first == .incomplete, "split \(split)")
            let second = bytes.withUnsafeBytes { client.parseResponse($0) }
            if case .accepted = second {} else { Issue.record("split \(split): \(second)") }
        }
    }

    @Test func wrongAcceptIsRejected() {
        #expect(parse(handshake(), response(accept: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")) == .failed(.wrongAccept("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")))
        #expect(
            parse(handshake(), response(extra: "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
                == .failed(.wrongAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=, s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")))
        let missing = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
        #expect(parse(handshake(), missing) == .failed(.missingAccept))
    }

    @Test func nonSwitchingStatusIsReportedWithCode() {
        let text = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        #expect(parse(handshake(), text) == .failed(.unexpectedStatus(code: 403, reasonPhrase: "Forbidden")))
        let upgradeRequired = String(decoding: HandshakeResponse.rejection(.unsupportedWebSocketVersion(nil)), as: UTF8.self)
        #expect(parse(handshake(), upgradeRequired) == .failed(.unexpectedStatus(code: 426, reasonPhrase: "Upgrade Required")))
        #expect(parse(handshake(), "HTTP/1.1 200\r\n\r\n") == .failed(.unexpectedStatus(code: 200, reasonPhrase: "")))
    }

    @Test func upgradeAndConnectionHeadersAreChecked() {
        let accept = "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
        #expect(parse(handshake(), "HTTP/1.1 101 OK\r\nConnection: Upgrade\r\n\(accept)\r\n") == .failed(.missingUpgradeWebSocket))
        #expect(parse(handshake(), "HTTP/1.1 101 OK\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\(accept)\r\n") == .failed(.missingUpgradeWebSocket))
        #expect(parse(handshake(), "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n\(accept)\r\n") == .failed(.missingConnectionUpgrade))
        if case .accepted = parse(handshake(), "HTTP/1.1 101 OK\r\nupgrade: WebSocket\r\nconnection: upgrade\r\n\(accept)\r\n") {} else {
            Issue.record("header names and tokens are case-insensitive")
        }
    }

    @Test func unofferedExtensionOrSubprotocolIsRejected() {
        #expect(
            parse(handshake(), response(extra: "Sec-WebSocket-Extensions: permessage-deflate\r\n"))
                == .failed(.unexpectedExtensions("permessage-deflate")))
        #expect(parse(handshake(subprotocols: ["chat"]), response(extra: "Sec-WebSocket-Protocol: other\r\n")) == .failed(.unexpectedSubprotocol("other")))
    }

    @Test func tooLargeAndMalformedResponses() {
        let big = "HTTP/1.1 101 Switching Protocols\r\nX-Pad: " + String(repeating: "p", count: 300)
        #expect(parse(handshake(maximumResponseHeadSize: 256), big) == .failed(.responseHeadTooLarge))
        for bad in ["HTTP/1.1 10 Short\r\n\r\n", "HTTP/1.1 101Switching\r\n\r\n", "ICY 200 OK\r\n\r\n", "HTTP/1.1 101 OK\nUpgrade: websocket\n\n"] {
            #expect(parse(handshake(), bad) == .failed(.malformedResponse), "\(bad)")
        }
    }

    @Test func randomKeyBytesAreSixteen() {
        let bytes = ClientHandshake.randomKeyBytes()
        #expect(bytes.count == 16)
        #expect(Base64.decodedCount(of: ClientHandshake(host: "h", keyBytes: bytes).key) == 16)
    }
}
