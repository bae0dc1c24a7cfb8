import HTTP2
import Testing

/// The answer to each kind of HTTP/2 request, from its headers alone (RFC 8441 section 4 and 5).
@Suite("HTTP2RequestDecision")
struct HTTP2RequestDecisionTests {
    /// The fields of an extended CONNECT for `/ws`, with changes.
    func headers(
        method: String? = "CONNECT", protocolName: String? = "websocket", scheme: String? = "https", path: String? = "/ws",
        version: String? = "13", origin: String? = nil, extensions: [String] = []
    ) -> HTTP2RequestHeaders {
        var h = HTTP2RequestHeaders()
        if let method { h.add(name: ":method", value: method) }
        if let protocolName { h.add(name: ":protocol", value: protocolName) }
        if let scheme { h.add(name: ":scheme", value: scheme) }
        if let path { h.add(name: ":path", value: path) }
        h.add(name: ":authority", value: "127.0.0.1:9001")
        if let version { h.add(name: "sec-websocket-version", value: version) }
        if let origin { h.add(name: "origin", value: origin) }
        for e in extensions { h.add(name: "sec-websocket-extensions", value: e) }
        return h
    }

    func decide(_ h: HTTP2RequestHeaders, origins: [String] = []) -> HTTP2RequestDecision {
        HTTP2RequestDecision(h, webSocketPath: "/ws", allowedOrigins: origins)
    }

    @Test func aValidExtendedConnectOpensAWebSocket() {
        #expect(decide(headers()) == .openWebSocket(extensionOffers: nil))
        #expect(decide(headers(path: "/ws?room=1")) == .openWebSocket(extensionOffers: nil))
    }

    @Test func extensionOffersAreJoinedForTheDeflateNegotiation() {
        let h = headers(extensions: ["permessage-deflate; client_max_window_bits", "x-other"])
        #expect(h.extensions == "permessage-deflate; client_max_window_bits, x-other")
        #expect(decide(h) == .openWebSocket(extensionOffers: "permessage-deflate; client_max_window_bits, x-other"))
    }

    @Test func connectWithoutProtocolIs400AndAnUnknownProtocolIs501() {
        #expect(decide(headers(protocolName: nil)) == .reject(.missingProtocol))
        #expect(HTTP2Rejection.missingProtocol.status == 400)
        #expect(decide(headers(protocolName: "chat")) == .reject(.unsupportedProtocol))
        #expect(HTTP2Rejection.unsupportedProtocol.status == 501)
    }

    @Test func extendedConnectNeedsSchemeAndPath() {
        #expect(decide(headers(scheme: nil)) == .reject(.missingPseudoHeader))
        #expect(decide(headers(path: nil)) == .reject(.missingPseudoHeader))
    }

    @Test func aWrongPathIs404() {
        #expect(decide(headers(path: "/other")) == .reject(.notFound))
        #expect(HTTP2Rejection.notFound.status == 404)
    }

    @Test func aBadVersionIs400WithTheSupportedVersion() {
        for version in [nil, "8", "13, 13"] as [String?] {
            #expect(decide(headers(version: version)) == .reject(.unsupportedWebSocketVersion))
        }
        let rejection = HTTP2Rejection.unsupportedWebSocketVersion
        #expect(rejection.status == 400)
        #expect(rejection.extraHeaders.map(\.name) == ["sec-websocket-version"])
        #expect(rejection.extraHeaders.map(\.value) == ["13"])
    }

    @Test func theOriginAllowListAppliesAsOverHTTP1() {
        let allowed = ["https://example.com"]
        #expect(decide(headers(origin: "https://EXAMPLE.com"), origins: allowed) == .openWebSocket(extensionOffers: nil))
        #expect(decide(headers(origin: "https://evil.example"), origins: allowed) == .reject(.originNotAllowed))
        #expect(decide(headers(origin: nil), origins: allowed) == .reject(.originNotAllowed))
        #expect(decide(headers(origin: nil)) == .openWebSocket(extensionOffers: nil))
        #expect(HTTP2Rejection.originNotAllowed.status == 403)
    }

    @Test func getServesTheTestPageAndRefusesTheWebSocketPath() {
        #expect(decide(headers(method: "GET", protocolName: nil, path: "/")) == .testPage)
        #expect(decide(headers(method: "GET", protocolName: nil, path: "/index.html")) == .testPage)
        #expect(decide(headers(method: "GET", protocolName: nil, path: "/ws")) == .reject(.notExtendedConnect))
        #expect(decide(headers(method: "GET", protocolName: nil, path: "/nothing")) == .reject(.notFound))
    }

    @Test func otherMethodsAre405() {
        #expect(decide(headers(method: "POST", path: "/")) == .reject(.methodNotAllowed))
        #expect(decide(headers(method: nil)) == .reject(.methodNotAllowed))
        #expect(HTTP2Rejection.methodNotAllowed.status == 405)
    }

    @Test func everyRejectionIsA4xxOr5xxWithAMessage() {
        let all: [HTTP2Rejection] = [
            .notExtendedConnect, .methodNotAllowed, .missingProtocol, .unsupportedProtocol, .missingPseudoHeader, .notFound,
            .unsupportedWebSocketVersion, .originNotAllowed, .serviceUnavailable,
        ]
        for rejection in all {
            #expect((400...599).contains(rejection.status))
            #expect(!rejection.message.isEmpty)
        }
    }

    @Test func fieldsAreCountedAndRawBytesDecoded() {
        var h = HTTP2RequestHeaders()
        let name = Array(":path".utf8), value = Array("/ws".utf8)
        name.withUnsafeBytes { n in value.withUnsafeBytes { v in h.add(name: n, value: v) } }
        h.add(name: "user-agent", value: "test")
        #expect(h.path == "/ws")
        #expect(h.fieldCount == 2)
    }
}
