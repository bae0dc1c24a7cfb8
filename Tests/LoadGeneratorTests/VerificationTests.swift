import LoadGenerator
import Testing

@Suite("Echo verification")
struct VerificationTests {
    func run(_ behaviour: FaultyEchoServer.Behaviour, _ configure: (inout LoadConfiguration) -> Void = { _ in }) throws -> (LoadResult, Int) {
        let server = try FaultyEchoServer(behaviour)
        defer { server.stop() }
        var c = testConfiguration(port: server.port)
        c.connections = 1
        c.messageCount = 50
        c.sizes = [64]
        configure(&c)
        let result = try runLoad(c)
        return (result, server.echoed.load(ordering: .relaxed))
    }

    @Test("a faithful echo passes")
    func faithful() throws {
        let (result, echoed) = try run(.faithful)
        #expect(echoed == 50)
        #expect(result.counters.messagesReceived == 50)
        #expect(result.counters.totalErrors == 0)
    }

    @Test("a server that flips one byte is caught on every message", arguments: [PayloadContent.json, .random])
    func flippedByte(content: PayloadContent) throws {
        let (result, _) = try run(.flipLastByte) { $0.content = content }
        #expect(result.counters.messagesReceived == 50)
        #expect(result.counters[.contentMismatch] == 50)
        #expect(!result.isClean)
    }

    @Test("a server that answers with stale payloads is caught by the stamps")
    func stalePayloads() throws {
        let (result, _) = try run(.repeatFirstPayload)
        #expect(result.counters.messagesReceived == 50)
        #expect(result.counters[.sequenceMismatch] == 49)
        #expect(result.counters[.contentMismatch] == 0)
    }

    @Test("payloads shorter than a stamp are still checked")
    func shortPayloads() throws {
        let (result, _) = try run(.flipLastByte) { $0.sizes = [5] }
        #expect(result.counters.messagesReceived == 50)
        #expect(result.counters[.contentMismatch] + result.counters[.sequenceMismatch] == 50)
    }

    @Test("compression: offered, accepted, sent with RSV1, echoes inflated and verified")
    func compressedRoundTrip() throws {
        let (result, echoed) = try run(.acceptDeflate) {
            $0.compression = .init(minimumMessageSize: 16)
            $0.sizes = [300, 2_000]
            $0.messageCount = 80
            $0.opcode = .text
        }
        #expect(echoed == 80)
        #expect(result.negotiatedExtensions == ["permessage-deflate": 1])
        #expect(result.counters.messagesReceived == 80)
        #expect(result.counters.totalErrors == 0)
        // Compressed JSON-like payloads: fewer bytes written than payload bytes sent.
        #expect(result.counters.bytesWritten < 80 * 1_150)
    }

    @Test("compression offered to a server that declines: plain messages, recorded as none")
    func compressionDeclined() throws {
        let result = try withEchoServer({ $0.deflate.enableCompression = false }) { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 20
            c.compression = .init()
            return try runLoad(c)
        }
        #expect(result.negotiatedExtensions == ["": 2])
        #expect(result.counters.messagesReceived == 20)
        #expect(result.counters.totalErrors == 0)
    }

    @Test("compression against the wsbench server, with compressed and with plain replies", arguments: [true, false])
    func compressedAgainstEchoServer(compressReplies: Bool) throws {
        let result = try withEchoServer({ $0.compressReplies = compressReplies }) { server in
            var c = testConfiguration(port: server.port)
            c.connections = 3
            c.messageCount = 300
            c.sizes = [20, 1_024, 16_384]
            c.opcode = .text
            c.compression = .init()
            return try runLoad(c)
        }
        #expect(result.negotiatedExtensions.count == 1)
        #expect(result.negotiatedExtensions.keys.first?.hasPrefix("permessage-deflate") == true)
        #expect(result.counters.messagesReceived == 300)
        #expect(result.counters.totalErrors == 0)
    }
}
