import Testing
@testable import WebSocketCore

@Suite struct UpgradeRequestTests {
    /// A valid request with `replacing` lines substituted (by header name; `nil` removes the header).
    func request(method: String = "GET", version: String = "HTTP/1.1", replacing: [String: String?] = [:], adding: [String] = []) -> HTTPRequestHead? {
        var lines: [(String, String)] = [
            ("Host", "server.example.com"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
        ]
        for (name, value) in replacing {
            lines.removeAll { $0.0 == name }
            if let value { lines.append((name, value)) }
        }
        var text = "\(method) /chat \(version)\r\n"
        for (name, value) in lines { text += "\(name): \(value)\r\n" }
        for line in adding { text += line + "\r\n" }
        return requestHead(text + "\r\n")
    }

    func rejection(_ head: HTTPRequestHead?) -> UpgradeRejection? {
        guard let head else { return nil }
        do {
            _ = try UpgradeRequest(validating: head)
            return nil
        } catch {
            return error
        }
    }

    @Test func acceptsRFCExample() throws {
        let head = try #require(requestHead(sampleUpgradeRequest))
        let upgrade = try UpgradeRequest(validating: head)
        #expect(upgrade.key == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(upgrade.acceptValue == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(upgrade.host == "server.example.com")
        #expect(upgrade.origin == "http://example.com")
        #expect(upgrade.subprotocols == ["chat", "superchat"])
        #expect(upgrade.extensions == "permessage-deflate; client_max_window_bits")
        #expect(upgrade.target == "/chat?room=1")
        #expect(upgrade.path == "/chat")
    }

    @Test func minimalRequestHasNoOptionalFields() throws {
        let upgrade = try UpgradeRequest(validating: try #require(request()))
        #expect(upgrade.origin == nil)
        #expect(upgrade.extensions == nil)
        #expect(upgrade.subprotocols == [])
    }

    @Test func tokenListsAreCaseInsensitive() throws {
        let head = try #require(request(replacing: ["Upgrade": "foo, WebSocket", "Connection": "keep-alive, UPGRADE"]))
        #expect(throws: Never.self) { try UpgradeRequest(validating: head) }
        let split = try #require(request(replacing: ["Connection": "keep-alive"], adding: ["connection: upgrade"]))
        #expect(throws: Never.self) { try UpgradeRequest(validating: split) }
    }

    @Test func methodOtherThanGetIs400() throws {
        let r = rejection(request(method: "POST"))
        #expect(r == .methodNotGet("POST"))
        #expect(r?.status == .badRequest)
        #expect(rejection(request(method: "get")) == .methodNotGet("get"))
    }

    @Test func oldHTTPVersionIs400() {
        #expect(rejection(request(version: "HTTP/1.0")) == .httpVersionTooOld(HTTPVersion(major: 1, minor: 0)))
        #expect(rejection(request(version: "HTTP/1.0"))?.status == .badRequest)
        #expect(rejection(request(version: "HTTP/1.2")) == nil)
    }

    @Test func hostMustBePresentOnceAndNonEmpty() {
        #expect(rejection(request(replacing: ["Host": nil])) == .invalidHost)
        #expect(rejection(request(replacing: ["Host": ""])) == .invalidHost)
        #expect(rejection(request(adding: ["Host: other"])) == .invalidHost)
        #expect(UpgradeRejection.invalidHost.status == .badRequest)
    }

    @Test func upgradeAndConnectionTokensRequired() {
        #expect(rejection(request(replacing: ["Upgrade": nil])) == .missingUpgradeWebSocket)
        #expect(rejection(request(replacing: ["Upgrade": "websockets, h2c"])) == .missingUpgradeWebSocket)
        #expect(rejection(request(replacing: ["Connection": nil])) == .missingConnectionUpgrade)
        #expect(rejection(request(replacing: ["Connection": "keep-alive"])) == .missingConnectionUpgrade)
        #expect(UpgradeRejection.missingUpgradeWebSocket.status == .badRequest)
        #expect(UpgradeRejection.missingConnectionUpgrade.status == .badRequest)
    }

    @Test func wrongWebSocketVersionIs426() {
        #expect(rejection(request(replacing: ["Sec-WebSocket-Version": "8"])) == .unsupportedWebSocketVersion("8"))
        #expect(rejection(request(replacing: ["Sec-WebSocket-Version": nil])) == .unsupportedWebSocketVersion(nil))
        #expect(rejection(request(adding: ["Sec-WebSocket-Version: 13"])) == .unsupportedWebSocketVersion("13, 13"))
        #expect(UpgradeRejection.unsupportedWebSocketVersion(nil).status == .upgradeRequired)
    }

    @Test func keyMustBeBase64Of16Bytes() {
        for bad in ["", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZXg=", "dGhlIHNhbXBsZSBub25jZ!==", "short"] {
            #expect(rejection(request(replacing: ["Sec-WebSocket-Key": bad])) == .invalidKey, "\(bad)")
        }
        #expect(rejection(request(replacing: ["Sec-WebSocket-Key": nil])) == .invalidKey)
        #expect(rejection(request(adding: ["Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=="])) == .invalidKey)
        #expect(UpgradeRejection.invalidKey.status == .badRequest)
    }

    @Test func extensionsAndProtocolsFromSeveralLinesAreJoined() throws {
        let head = try #require(
            request(adding: [
                "Sec-WebSocket-Extensions: permessage-deflate", "Sec-WebSocket-Protocol: a, b",
                "Sec-WebSocket-Extensions: x-foo; bar=1", "sec-websocket-protocol: c",
            ]))
        let upgrade = try UpgradeRequest(validating: head)
        #expect(upgrade.extensions == "permessage-deflate, x-foo; bar=1")
        #expect(upgrade.subprotocols == ["a", "b", "c"])
    }

    @Test func originAllowList() throws {
        let withOrigin = try UpgradeRequest(validating: try #require(request(adding: ["Origin: https://Example.com"])))
        let withoutOrigin = try UpgradeRequest(validating: try #require(request()))
        #expect(withOrigin.isOriginAllowed([]))
        #expect(withoutOrigin.isOriginAllowed([]))
        #expect(withOrigin.isOriginAllowed(["https://other.org", "https://example.com"]))
        #expect(!withOrigin.isOriginAllowed(["https://other.org"]))
        #expect(!withoutOrigin.isOriginAllowed(["https://example.com"]))
        #expect(throws: UpgradeRejection.originNotAllowed(nil)) { try withoutOrigin.checkOrigin(allowedOrigins: ["https://example.com"]) }
        #expect(throws: UpgradeRejection.originNotAllowed("https://Example.com")) { try withOrigin.checkOrigin(allowedOrigins: ["https://x.org"]) }
        #expect(UpgradeRejection.originNotAllowed(nil).status == .forbidden)
    }

    @Test func plainHTTPIsNotAnUpgradeAttempt() throws {
        let head = try #require(requestHead("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(!head.isWebSocketUpgradeAttempt)
        #expect(rejection(head) == .missingUpgradeWebSocket)
    }
}
