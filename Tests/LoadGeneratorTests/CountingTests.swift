import LoadGenerator
import Testing

@Suite("Counting against the wsbench echo server")
struct CountingTests {
    @Test("closed loop: every message sent is echoed, verified and timed", arguments: [1, 4])
    func closedLoopCounts(inFlight: Int) throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 6
            c.messageCount = 1_000
            c.mode = .closedLoop(inFlight: inFlight)
            return try runLoad(c)
        }
        #expect(result.counters.connectionsOpened == 6)
        #expect(result.counters.messagesSent == 1_000)
        #expect(result.counters.messagesReceived == 1_000)
        #expect(result.counters.measuredMessagesReceived == 1_000)
        #expect(result.latency.totalCount == 1_000)
        #expect(result.counters.totalErrors == 0)
        #expect(result.isClean)
        #expect(result.connectTime.totalCount == 6)
        #expect(result.handshakeTime.totalCount == 6)
        #expect(result.negotiatedExtensions == ["": 6])
    }

    @Test("several threads, text, several sizes: counts add up over threads")
    func threadsAndSizes() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.threads = 2
            c.connections = 5
            c.messageCount = 601
            c.sizes = [0, 7, 20, 1_000, 70_000]
            c.opcode = .text
            c.content = .random
            c.mode = .closedLoop(inFlight: 3)
            return try runLoad(c)
        }
        #expect(result.threads == 2)
        #expect(result.counters.messagesSent == 601)
        #expect(result.counters.messagesReceived == 601)
        #expect(result.counters.totalErrors == 0)
    }

    @Test("warm-up messages are verified but not counted as measured")
    func warmupExcluded() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 200
            c.warmupSeconds = 1_000  // everything is warm-up
            return try runLoad(c)
        }
        #expect(result.counters.messagesReceived == 200)
        #expect(result.counters.measuredMessagesReceived == 0)
        #expect(result.latency.totalCount == 0)
        #expect(result.counters.totalErrors == 0)
    }

    @Test("a duration run stops by itself and leaves nothing unanswered")
    func durationRun() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 3
            c.durationSeconds = 0.3
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent > 0)
        #expect(result.counters.messagesSent == result.counters.messagesReceived)
        #expect(result.counters[.unansweredAtEnd] == 0)
        #expect(result.isClean)
    }
}
