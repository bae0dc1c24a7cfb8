import EchoServer
import Testing
import WebSocketCore

/// Protocol violations get the right close code, then the TCP close.
@Suite struct ProtocolErrorTests {
    func expectClose(_ code: UInt16, after send: (TestClient) -> Void, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let counters = try withServer(configure) { server in
            let client = try upgradedClient(server)
            send(client)
            #expect(client.next() == .close(code, ""))
            #expect(client.isClosedByPeer())
        }
        #expect(counters.protocolErrors == 1)
    }

    @Test func unmaskedFrameGets1002() throws {
        try expectClose(1002) { $0.sendFrame(.text, Array("x".utf8), masked: false) }
    }

    @Test func reservedOpcodeGets1002() throws {
        try expectClose(1002) { $0.send([0x83, 0x80, 1, 2, 3, 4]) }
    }

    @Test func invalidUTF8Gets1007() throws {
        try expectClose(1007) { $0.sendFrame(.text, [0x68, 0xC0, 0xAF]) }
    }

    @Test func oversizeMessageGets1009() throws {
        try expectClose(1009, after: { $0.sendFrame(.binary, Array(repeating: 0, count: 2000)) }, configure: { $0.maximumMessageLength = 1000 })
    }

    @Test func frameAnnouncing2To63BytesGets1002() throws {
        try expectClose(1002) { $0.send([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]) }
    }

    @Test func continuationWithoutStartGets1002() throws {
        try expectClose(1002) { $0.sendFrame(.continuation, [1]) }
    }

    @Test func invalidCloseCodeGets1002() throws {
        try expectClose(1002) { $0.sendFrame(.close, [0x03, 0xED]) }
    }
}
