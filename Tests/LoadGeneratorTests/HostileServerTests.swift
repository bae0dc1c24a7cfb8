import LoadGenerator
import Testing

/// Servers that break the protocol or stop cooperating: each is counted as what it is, explained in
/// a note, the run ends by itself well inside its bound, and the result files are written.
@Suite("Hostile servers: reported as what they are, the run ends, results written")
struct HostileServerTests {
    /// A bounded configuration against `server`: one thread, 10 s at most, 1 s connect timeout,
    /// 1 s drain, interval histograms kept for the `.hlog`. Runs that end on a fault must end well
    /// inside the 10 s (`elapsedSeconds` bounds leave room for a busy shared machine: they check
    /// that a run ends by itself, not how fast).
    func configuration(_ server: FaultyEchoServer, _ configure: (inout LoadConfiguration) -> Void) -> LoadConfiguration {
        var c = testConfiguration(port: server.port)
        c.connections = 1
        c.durationSeconds = 10
        c.drainSeconds = 1
        c.connectTimeoutSeconds = 1
        c.keepIntervalHistograms = true
        c.reportIntervalSeconds = 0.25
        configure(&c)
        return c
    }

    /// Writes the result's files as the CLI does, reads them back, and checks that `kind` was
    /// counted `count` times in the JSON and the CSV and that the `.hlog` holds every latency.
    func expectWritten(_ result: LoadResult, _ kind: LoadErrorKind, _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let files = WrittenResults(result)
        #expect(files.problems.isEmpty, sourceLocation: sourceLocation)
        #expect(files.json.contains("\"\(kind.name)\":\(count),"), sourceLocation: sourceLocation)
        #expect(files.json.contains("\"total\":\(result.counters.totalErrors)}"), sourceLocation: sourceLocation)
        let row = files.csvFields
        #expect(row["errors"] == String(result.counters.totalErrors), sourceLocation: sourceLocation)
        #expect(row["error_kinds"]?.split(separator: " ").contains(Substring("\(kind.name)=\(count)")) == true, sourceLocation: sourceLocation)
        #expect(files.loggedLatencyCount == result.latency.totalCount, sourceLocation: sourceLocation)
    }

    @Test("never answers the handshake: handshake_timeout after the connect timeout, not connect_timeout")
    func neverAnswersHandshake() throws {
        let server = try FaultyEchoServer(.neverAnswerHandshake)
        defer { server.stop() }
        let result = try runLoad(configuration(server) { $0.connections = 3 })
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.counters[.handshakeTimeout] == 3)
        #expect(result.counters[.connectTimeout] == 0)
        #expect(result.counters.totalErrors == 3)
        #expect(result.notes.contains("the server accepted the TCP connection but never answered the upgrade request within 1 s (handshake_timeout)"))
        #expect(result.elapsedSeconds >= 1 && result.elapsedSeconds < 5)
        #expect(result.latency.totalCount == 0)
        expectWritten(result, .handshakeTimeout, 3)
    }

    @Test("never answers the handshake, run shorter than the connect timeout: still counted when sending ends")
    func neverAnswersHandshakeShortRun() throws {
        let server = try FaultyEchoServer(.neverAnswerHandshake)
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.connections = 2
            $0.durationSeconds = 0.5
            $0.connectTimeoutSeconds = 10
        })
        #expect(result.counters[.handshakeTimeout] == 2)
        #expect(result.notes.contains("the server accepted the TCP connection but never answered the upgrade request when sending ended (handshake_timeout)"))
        #expect(result.elapsedSeconds >= 0.5 && result.elapsedSeconds < 5)
        expectWritten(result, .handshakeTimeout, 2)
    }

    @Test("wrong Sec-WebSocket-Accept: handshake_failed, and the note says the accept did not match the key")
    func wrongAcceptKey() throws {
        let server = try FaultyEchoServer(.wrongAcceptKey)
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.connections = 3
            $0.messageCount = 30
        })
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.counters[.handshakeFailed] == 3)
        #expect(result.counters.totalErrors == 3)
        #expect(result.notes.contains { $0.hasPrefix("handshake failed: Sec-WebSocket-Accept did not match the key") })
        #expect(result.counters.messagesSent == 0)
        #expect(result.elapsedSeconds < 5)
        expectWritten(result, .handshakeFailed, 3)
    }

    @Test("masked frame from the server: protocol_error, closed with 1002, earlier echoes measured")
    func maskedFrame() throws {
        let server = try FaultyEchoServer(.maskedEchoAfter(10))
        defer { server.stop() }
        let result = try runLoad(configuration(server) { _ in })
        #expect(result.counters.messagesReceived == 10)
        #expect(result.latency.totalCount == 10)
        #expect(result.counters[.protocolError] == 1)
        #expect(result.counters.totalErrors == 1)
        #expect(result.notes.contains("protocol error in the echo stream: the server sent a masked frame (RFC 6455 §5.1); closed with 1002 (protocol_error)"))
        #expect(result.elapsedSeconds < 5)
        server.stop()
        #expect(server.closeCodeReceived.load(ordering: .relaxed) == 1002)
        expectWritten(result, .protocolError, 1)
    }

    @Test("corrupted echoes: content_mismatch for each, every echo still measured", arguments: [PayloadContent.json, .random])
    func corruptedEchoes(content: PayloadContent) throws {
        let server = try FaultyEchoServer(.corruptAfter(20))
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.messageCount = 50
            $0.content = content
        })
        #expect(result.counters.messagesReceived == 50)
        #expect(result.latency.totalCount == 50)
        #expect(result.counters[.contentMismatch] == 30)
        #expect(result.counters.totalErrors == 30)
        #expect(result.notes.contains("echoes differed from the messages sent: the server corrupted payload bytes (content_mismatch)"))
        #expect(result.elapsedSeconds < 5)
        expectWritten(result, .contentMismatch, 30)
    }

    @Test("close in the middle of a frame or of a fragmented message: unexpected_close, said where", arguments: [false, true])
    func closeMidMessage(fragmented: Bool) throws {
        let server = try FaultyEchoServer(fragmented ? .closeMidMessageAfter(10) : .closeMidFrameAfter(10))
        defer { server.stop() }
        let result = try runLoad(configuration(server) { $0.sizes = [1_000] })
        #expect(result.counters.messagesReceived == 10)
        #expect(result.latency.totalCount == 10)
        #expect(result.counters[.unexpectedClose] == 1)
        #expect(result.counters.totalErrors == 1)
        let place = fragmented ? "in the middle of a fragmented message" : "in the middle of a frame"
        #expect(result.notes.contains("the server closed the connection \(place), without a close frame (unexpected_close)"))
        #expect(result.elapsedSeconds < 5)
        expectWritten(result, .unexpectedClose, 1)
    }

    /// The largest frame of a 64 KiB payload (client header with a 16-bit length and a key).
    static let frame64KiB = 65_536 + 8

    @Test("stops reading, closed loop: send_stalled, the in-flight messages unanswered, the buffer bounded, no hang")
    func stopsReadingClosedLoop() throws {
        let server = try FaultyEchoServer(.stopReadingAfter(20))
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.sizes = [65_536]
            $0.mode = .closedLoop(inFlight: 256)
            $0.durationSeconds = 1
        })
        #expect(result.counters.messagesReceived == 20)
        #expect(result.latency.totalCount == 20)
        #expect(result.counters[.sendStalled] == 1)
        // Every message sent and not echoed is unanswered: the 256 in flight (fewer if some of the
        // 20 echoes came only after sending had ended, when no new message follows an echo).
        let unanswered = result.counters[.unansweredAtEnd]
        #expect(unanswered == result.counters.messagesSent - 20)
        #expect(unanswered >= 256 - 20 && unanswered <= 256)
        #expect(result.counters.totalErrors == unanswered + 1)
        // The socket really blocked, and what waited in the load generator stayed within the window.
        #expect(result.counters.maximumUnsentBytes > 0)
        #expect(result.counters.maximumUnsentBytes <= 256 * HostileServerTests.frame64KiB)
        #expect(result.notes.contains { $0.hasPrefix("the server stopped reading: 1 connection could not send for ") && $0.hasSuffix("; \(unanswered) messages on them were unanswered (unanswered_at_end)") })
        // It waited the drain time for echoes, then ended (slack for a busy machine, not a speed check).
        #expect(result.elapsedSeconds >= 1 + 1 && result.elapsedSeconds < 1 + 1 + 1.5)
        expectWritten(result, .sendStalled, 1)
    }

    @Test("stops reading, open loop at a high rate: send_stalled, the window unanswered, the rest overflowed, no hang")
    func stopsReadingOpenLoop() throws {
        let server = try FaultyEchoServer(.stopReadingAfter(20))
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.sizes = [65_536]
            $0.mode = .openLoop(messagesPerSecond: 4_000)  // 250 MiB/s due
            $0.openLoopWindow = 256
            $0.durationSeconds = 1
        })
        #expect(result.counters.messagesReceived == 20)
        #expect(result.latency.totalCount == 20)
        #expect(result.counters[.sendStalled] == 1)
        // Due messages: the echoed ones, at most a window's worth left unanswered (sent, or held
        // back behind the full socket), the rest not sent at all.
        #expect(result.counters[.unansweredAtEnd] > 0 && result.counters[.unansweredAtEnd] <= 256)
        #expect(result.counters[.scheduleOverflow] > 1_000)
        #expect(result.counters.messagesSent <= 20 + 256)
        #expect(result.counters.maximumUnsentBytes > 0)
        #expect(result.counters.maximumUnsentBytes <= 256 * HostileServerTests.frame64KiB)
        #expect(result.notes.contains { $0.hasPrefix("the server stopped reading: 1 connection could not send for ") && $0.contains("due messages held back") })
        // It waited the drain time for echoes, then ended (slack for a busy machine, not a speed check).
        #expect(result.elapsedSeconds >= 1 + 1 && result.elapsedSeconds < 1 + 1 + 1.5)
        expectWritten(result, .sendStalled, 1)
    }

    @Test("never answers the close frame: close_timeout once the close timeout runs out, every echo counted")
    func neverAnswersClose() throws {
        let server = try FaultyEchoServer(.ignoreClose)
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.messageCount = 20
            $0.closeTimeoutSeconds = 0.5
        })
        #expect(result.counters.messagesReceived == 20)
        #expect(result.latency.totalCount == 20)
        #expect(result.counters[.closeTimeout] == 1)
        #expect(result.counters.totalErrors == 1)
        #expect(result.notes.contains("the server had not completed the close handshake within 0.5 s (close_timeout)"))
        #expect(server.closeCodeReceived.load(ordering: .relaxed) == 1000)
        #expect(result.elapsedSeconds >= 0.5 && result.elapsedSeconds < 5)
        expectWritten(result, .closeTimeout, 1)
    }

    @Test("stops reading and floods pings: pongs past the backlog limit are dropped, memory stays bounded, the run ends")
    func floodsPingsWithoutReading() throws {
        let server = try FaultyEchoServer(.floodPingsWithoutReading(megabytes: 32))
        defer { server.stop() }
        let result = try runLoad(configuration(server) {
            $0.durationSeconds = 2
            $0.closeTimeoutSeconds = 1
        })
        #expect(result.counters.messagesReceived == 0)
        // 32 MiB of pongs would be due; the socket blocked and what waited stayed near the limit.
        #expect(result.counters.maximumUnsentBytes > 0)
        #expect(result.counters.maximumUnsentBytes <= (64 << 10) + 4096)
        #expect(result.counters[.unansweredAtEnd] == 1)
        #expect(result.elapsedSeconds >= 2 && result.elapsedSeconds < 6)
    }
}
