import HTTP2
import Testing

@Suite("ClientRequestHeaders")
struct ClientRequestHeadersTests {
    @Test("an extended CONNECT carries RFC 8441's pseudo-headers first, then sec-websocket-version 13")
    func pseudoHeadersFirst() {
        let headers = ClientRequestHeaders(secure: true, authority: "example.test:8443", path: "/chat?room=1")
        #expect(headers.fields.map(\.name) == [":method", ":protocol", ":scheme", ":path", ":authority", "sec-websocket-version"])
        #expect(headers.value(":method") == "CONNECT")
        #expect(headers.value(":protocol") == "websocket")
        #expect(headers.value(":scheme") == "https")
        #expect(headers.value(":path") == "/chat?room=1")
        #expect(headers.value(":authority") == "example.test:8443")
        #expect(headers.value("sec-websocket-version") == "13")
        #expect(headers.value("sec-websocket-key") == nil)
    }

    @Test("h2c uses the http scheme and an empty path becomes /")
    func cleartext() {
        let headers = ClientRequestHeaders(secure: false, authority: "127.0.0.1:9001", path: "")
        #expect(headers.value(":scheme") == "http")
        #expect(headers.value(":path") == "/")
    }

    @Test("origin, the deflate offer, subprotocols and extra fields (lower-cased) follow")
    func optionalFields() {
        let headers = ClientRequestHeaders(
            secure: true, authority: "h", path: "/", origin: "https://h", extensionOffer: "permessage-deflate; client_max_window_bits",
            subprotocols: ["chat", "superchat"], extraFields: [("X-Trace", "1")])
        #expect(headers.value("origin") == "https://h")
        #expect(headers.value("sec-websocket-extensions") == "permessage-deflate; client_max_window_bits")
        #expect(headers.value("sec-websocket-protocol") == "chat, superchat")
        #expect(headers.value("x-trace") == "1")
        #expect(headers.fields.allSatisfy { $0.name == $0.name.lowercased() })
    }

    @Test("connection-specific, own and pseudo-header extra fields are refused", arguments: ["Connection", "Upgrade", "Transfer-Encoding", "Host", "TE", "Sec-WebSocket-Protocol", "Origin", ":path"])
    func refusedExtraFields(name: String) {
        #expect(ClientRequestHeaders.problem(withExtraField: name) != nil)
    }

    @Test("an ordinary extra field is allowed")
    func allowedExtraField() {
        #expect(ClientRequestHeaders.problem(withExtraField: "Authorization") == nil)
    }
}
