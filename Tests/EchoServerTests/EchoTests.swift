import EchoServer
import Testing
import WebSocketCore

/// Echo, control frames and the close handshake over real loopback sockets.
@Suite struct EchoTests {
    @Test func echoesTextAndBinaryWithTheSameOpcode() throws {
        let counters = try withServer { server in
            let client = try upgradedClient(server)
            client.sendFrame(.text, Array("héllo wörld".utf8))
            #expect(client.next() == .message(.text, Array("héllo wörld".utf8)))
            let binary = (0..<300).map { UInt8(truncatingIfNeeded: $0 * 31) }
            client.sendFrame(.binary, binary)
            #expect(client.next() == .message(.binary, binary))
            client.sendFrame(.binary, [])
            #expect(client.next() == .message(.binary, []))
        }
        #expect(counters.messagesEchoed == 3)
        #expect(counters.webSocketsOpened == 1)
    }

    @Test func echoesLargeMessagesThatSpanReads() throws {
        try withServer { server in
            let client = try upgradedClient(server)
            for size in [16 << 10, 1 << 20, 5 << 20] {
                let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
                client.sendFrame(.binary, payload)
                #expect(client.next() == .message(.binary, payload), "size \(size)")
            }
        }
    }

    @Test func echoesManyMessagesSentBackToBack() throws {
        try withServer { server in
            let client = try upgradedClient(server)
            for i in 0..<200 { client.sendFrame(.text, Array("message \(i)".utf8)) }
            for i in 0..<200 { #expect(client.next() == .message(.text, Array("message \(i)".utf8))) }
        }
    }

    @Test func fragmentedMessageIsEchoedWhole() throws {
        try withServer { server in
            let client = try upgradedClient(server)
            client.sendFrame(.text, Array("frag".utf8), fin: false)
            client.sendFrame(.ping, [1, 2, 3])
            client.sendFrame(.continuation, Array("mented".utf8))
            #expect(client.next() == .pong([1, 2, 3]))
            #expect(client.next() == .message(.text, Array("fragmented".utf8)))
        }
    }

    @Test func closeHandshakeEchoesTheCode() throws {
        try withServer { server in
            let client = try upgradedClient(server)
            var payload = [UInt8](repeating: 0, count: 125)
            let n = payload.withUnsafeMutableBytes { CloseFrame(code: .normalClosure, reason: "bye").encodePayload(into: $0.baseAddress!) }
            client.sendFrame(.close, Array(payload.prefix(n)))
            #expect(client.next() == .close(1000, ""))
            #expect(client.isClosedByPeer())
        }
    }

    @Test func gracefulShutdownSendsGoingAway() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.threads = 1
        let server = try EchoServer.start(configuration)
        let client = try upgradedClient(server)
        client.sendFrame(.text, Array("before".utf8))
        #expect(client.next() == .message(.text, Array("before".utf8)))
        server.stop()
        #expect(client.next() == .close(1001, "server shutting down"))
        client.sendFrame(.close, [0x03, 0xE9])
        #expect(client.isClosedByPeer())
        let counters = server.wait()
        #expect(counters.connectionsClosed == counters.connectionsAccepted)
    }

    @Test func keepAlivePingsThenIdleTimeoutCloses() throws {
        let counters = try withServer({
            $0.keepAliveMilliseconds = 200
            $0.idleTimeoutMilliseconds = 600
        }) { server in
            let client = try upgradedClient(server)
            #expect(client.next() == .ping([]))
            #expect(client.next() == .close(1001, "idle timeout"))
            #expect(client.isClosedByPeer())
        }
        #expect(counters.pingsSent == 1)
        #expect(counters.idleTimeouts == 1)
    }

    @Test func vanishedPeerIsCleanedUp() throws {
        let counters = try withServer { server in
            do {
                let client = try upgradedClient(server)
                client.sendFrame(.binary, Array(repeating: 1, count: 10), fin: false)
            }  // closed without a close frame, mid-message
            let probe = try upgradedClient(server)
            probe.sendFrame(.text, Array("still here".utf8))
            #expect(probe.next() == .message(.text, Array("still here".utf8)))
        }
        #expect(counters.abruptCloses >= 1)
        #expect(counters.connectionsClosed == counters.connectionsAccepted)
    }
}
