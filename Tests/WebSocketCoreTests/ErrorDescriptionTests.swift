import Testing
import WebSocketCore

/// Protocol and handshake errors read as sentences naming the rule, not as enum case names.
@Suite struct ErrorDescriptionTests {
    @Test func protocolErrorsSayWhatHappened() {
        #expect(ProtocolError.maskedServerFrame.description == "the server sent a masked frame (RFC 6455 §5.1)")
        #expect(ProtocolError.reservedOpcode(0xB).description.contains("0xb"))
        #expect(ProtocolError.invalidCloseCode(1005).description.contains("1005"))
    }

    @Test func handshakeFailuresSayWhatHappened() {
        let wrong = ClientHandshakeFailure.wrongAccept("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        #expect(wrong.description.hasPrefix("Sec-WebSocket-Accept did not match the key"))
        // The per-connection value stays out, so many connections failing alike give one text.
        #expect(wrong.description == ClientHandshakeFailure.wrongAccept("other").description)
        let status = ClientHandshakeFailure.unexpectedStatus(code: 503, reasonPhrase: "Service Unavailable")
        #expect(status.description == "the server answered 503 Service Unavailable instead of 101 Switching Protocols")
    }
}
