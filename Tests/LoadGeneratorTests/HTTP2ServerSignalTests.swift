import LoadGenerator
import Testing

/// `wsbench load --http2` against a server's legitimate HTTP/2 signals — a concurrent-stream limit
/// below K, GOAWAY, RST_STREAM(REFUSED_STREAM): the WebSockets it will not carry fail at once with
/// their own kind and a note (never `handshake_timeout`: the connect timeout is far above what these
/// runs need, so a stream left waiting would show up as one), the others echo, and the result is written.
@Suite("HTTP2ServerSignals", .serialized)
struct HTTP2ServerSignalTests {
    func configuration(_ server: HTTP2TestServer, connections: Int, streams: Int, messages: Int) -> LoadConfiguration {
        var c = testConfiguration(port: server.port, path: "/echo")
        c.http2 = true
        c.connections = connections
        c.streamsPerConnection = streams
        c.messageCount = messages
        c.sizes = [20, 1000]
        c.mode = .closedLoop(inFlight: 2)
        c.closeTimeoutSeconds = 2
        c.connectTimeoutSeconds = 20
        return c
    }

    /// The result files hold `kind` counted `count` times (JSON and CSV).
    func expectWritten(_ result: LoadResult, _ kind: LoadErrorKind, _ count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let files = WrittenResults(result)
        #expect(files.problems.isEmpty, sourceLocation: sourceLocation)
        #expect(files.json.contains("\"\(kind.name)\":\(count),"), sourceLocation: sourceLocation)
        #expect(files.csvFields["error_kinds"]?.split(separator: " ").contains(Substring("\(kind.name)=\(count)")) == true, sourceLocation: sourceLocation)
    }

    @Test("SETTINGS_MAX_CONCURRENT_STREAMS = 2, K = 5: two WebSockets echo, three fail at once as stream_limit")
    func streamLimit() throws {
        let server = try HTTP2TestServer(.limitStreams(2))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 5, messages: 50))
        #expect(result.counters.connectionsOpened == 2)
        #expect(result.counters[.streamLimit] == 3)
        #expect(result.counters[.handshakeTimeout] == 0)
        #expect(result.counters.totalErrors == 3, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.messagesReceived == 20)  // the two open WebSockets' quotas of 10
        #expect(result.notes.contains {
            $0.contains("the server allows 2 concurrent streams per connection") && $0.contains("--streams-per-connection 5") && $0.contains("(stream_limit)")
        }, "\(result.notes)")
        #expect(server.requests.withLock { $0.count } == 2)
        expectWritten(result, .streamLimit, 3)
    }

    @Test("a later SETTINGS lowering the limit to 1 fails the requests still queued beyond it as stream_limit")
    func loweredLimit() throws {
        let server = try HTTP2TestServer(.lowerLimit(1))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 3, messages: 30))
        #expect(result.counters.connectionsOpened == 1)
        #expect(result.counters[.streamLimit] == 2)
        #expect(result.counters[.handshakeTimeout] == 0)
        #expect(result.counters.totalErrors == 2, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.messagesReceived == 10)
        #expect(result.notes.contains { $0.contains("the server allows 1 concurrent streams per connection") }, "\(result.notes)")
        #expect(server.requests.withLock { $0.count } == 1)
        expectWritten(result, .streamLimit, 2)
    }

    @Test("GOAWAY(last_stream_id = 1): the streams above it fail at once as goaway, stream 1 echoes to the end")
    func goAway() throws {
        let server = try HTTP2TestServer(.goAway(lastStreamID: 1, debugData: "going away for a test", closes: false))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 2, streams: 3, messages: 60))
        #expect(server.goAwaysSent.load(ordering: .relaxed) == 2)
        #expect(result.counters.connectionsOpened == 2)
        #expect(result.counters[.goaway] == 4)
        #expect(result.counters[.handshakeTimeout] == 0)
        #expect(result.counters.totalErrors == 4, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.messagesReceived == 20)  // streams 1 of both connections, 10 each
        #expect(result.notes.contains {
            $0.contains("GOAWAY (NO_ERROR, debug data \"going away for a test\")") && $0.contains("(goaway)")
        }, "\(result.notes)")
        expectWritten(result, .goaway, 4)
    }

    @Test("GOAWAY(last_stream_id = 1) then the TCP close: streams above it goaway, stream 1 ends as unexpected_close")
    func goAwayThenClose() throws {
        let server = try HTTP2TestServer(.goAway(lastStreamID: 1, debugData: "bye", closes: true))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 3, messages: 3000))
        #expect(server.goAwaysSent.load(ordering: .relaxed) == 1)
        #expect(result.counters.connectionsOpened == 1)
        #expect(result.counters[.goaway] == 2)
        #expect(result.counters[.unexpectedClose] == 1)
        #expect(result.counters[.handshakeTimeout] == 0)
        #expect(result.counters.totalErrors == 3, "\(result.counters.errors) \(result.notes)")
        #expect(result.notes.contains { $0.contains("GOAWAY (NO_ERROR, debug data \"bye\")") }, "\(result.notes)")
        #expect(result.notes.contains { $0.contains("(unexpected_close)") }, "\(result.notes)")
        expectWritten(result, .goaway, 2)
    }

    @Test("RST_STREAM(REFUSED_STREAM) on an extended CONNECT is counted as stream_refused")
    func refusedStream() throws {
        let server = try HTTP2TestServer(.refuseAbove(1))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 3, messages: 30))
        #expect(server.refusedStreams.load(ordering: .relaxed) == 2)
        #expect(result.counters.connectionsOpened == 1)
        #expect(result.counters[.streamRefused] == 2)
        #expect(result.counters[.handshakeFailed] == 0)
        #expect(result.counters.totalErrors == 2, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.messagesReceived == 10)
        #expect(result.notes.contains { $0.contains("REFUSED_STREAM") && $0.contains("(stream_refused)") }, "\(result.notes)")
        expectWritten(result, .streamRefused, 2)
    }
}
