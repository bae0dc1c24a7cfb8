import LoadGenerator
import Testing

@Suite("Faults: counted, explained, never a crash")
struct FaultTests {
    @Test("server not running: every connect refused, a note, results still produced")
    func serverNotRunning() throws {
        var c = testConfiguration(port: unusedPort())
        c.connections = 5
        c.messageCount = 10
        let result = try runLoad(c)
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.counters[.connectRefused] == 5)
        #expect(result.notes.contains { $0.contains("refused") })
        #expect(!result.isClean)
        #expect(result.json(environment: .current()).contains("\"connect_refused\":5"))
    }

    @Test("server vanishing mid-run: unexpected close counted, the run ends by itself with what it got")
    func serverVanishes() throws {
        let server = try FaultyEchoServer(.vanishAfter(30))
        defer { server.stop() }
        var c = testConfiguration(port: server.port)
        c.connections = 1
        c.durationSeconds = 30
        let result = try runLoad(c)
        #expect(result.counters.messagesReceived == 30)
        #expect(result.counters[.unexpectedClose] == 1)
        #expect(result.elapsedSeconds < 30)
        #expect(result.latency.totalCount == 30)
    }

    @Test("server stopping mid-run (close 1001): counted as server_closed")
    func serverStops() throws {
        let result = try withEchoServer { server in
            var configuration = testConfiguration(port: server.port)
            configuration.connections = 3
            configuration.durationSeconds = 30
            let run = try LoadRun.start(configuration)
            while run.progress().counters.messagesReceived < 100 && !run.isFinished { _ = usleepShort() }
            server.stop()
            return run.wait()
        }
        #expect(result.counters[.serverClosed] + result.counters[.unexpectedClose] == 3)
        #expect(result.counters.messagesReceived >= 100)
        #expect(result.elapsedSeconds < 30)
    }

    @Test("connections refused past a limit: the rest are counted, the open ones still run")
    func connectionLimit() throws {
        let result = try withEchoServer({ $0.maximumConnections = 5 }) { server in
            var c = testConfiguration(port: server.port)
            c.connections = 8
            c.messageCount = 400
            return try runLoad(c)
        }
        #expect(result.counters.connectionsOpened == 5)
        #expect(result.counters[.handshakeFailed] == 3)
        #expect(result.notes.contains { $0.contains("503") })
        // The three refused connections' share is never sent; the open ones finish theirs.
        #expect(result.counters.messagesReceived == result.counters.messagesSent)
        #expect(result.counters.messagesSent == 250)
    }
}

/// Sleeps 10 ms.
func usleepShort() -> Int32 { usleep(10_000) }

#if canImport(Glibc)
import Glibc
#endif
