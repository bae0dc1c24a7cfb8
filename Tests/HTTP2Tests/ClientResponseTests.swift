import HTTP2
import Testing

@Suite("ClientResponse")
struct ClientResponseTests {
    @Test("200 accepts the WebSocket with the negotiated extension and subprotocol")
    func accepted() {
        var response = ClientResponse()
        response.field(name: ":status", value: "200")
        response.field(name: "sec-websocket-extensions", value: "permessage-deflate")
        response.field(name: "sec-websocket-protocol", value: "chat")
        response.field(name: "server", value: "x")
        #expect(response.verdict(offeredSubprotocols: ["chat"]) == .accepted(extensions: "permessage-deflate", subprotocol: "chat"))
    }

    @Test("several extension fields are joined")
    func joinedExtensions() {
        var response = ClientResponse()
        response.field(name: ":status", value: "200")
        response.field(name: "sec-websocket-extensions", value: "a")
        response.field(name: "sec-websocket-extensions", value: "b")
        #expect(response.verdict(offeredSubprotocols: []) == .accepted(extensions: "a, b", subprotocol: nil))
    }

    @Test("a non-200 status is rejected with the status in the reason", arguments: ["400", "404", "501", "101"])
    func rejectedStatus(status: String) {
        var response = ClientResponse()
        response.field(name: ":status", value: status)
        guard case .rejected(let reason) = response.verdict(offeredSubprotocols: []) else {
            Issue.record("status \(status) was accepted")
            return
        }
        #expect(reason.contains(status))
    }

    @Test("no status, or a subprotocol that was not offered, is rejected")
    func rejectedOther() {
        #expect(ClientResponse().verdict(offeredSubprotocols: []) == .rejected("the response has no :status"))
        var response = ClientResponse()
        response.field(name: ":status", value: "200")
        response.field(name: "sec-websocket-protocol", value: "other")
        #expect(response.verdict(offeredSubprotocols: ["chat"]) == .rejected("the server selected subprotocol other, which was not offered"))
    }
}
