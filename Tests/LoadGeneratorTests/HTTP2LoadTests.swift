import Glibc
import LoadGenerator
import Synchronization
import Testing

/// `wsbench load --http2` against ``HTTP2TestServer`` (h2c, prior knowledge): K WebSockets per TCP
/// connection, every echo verified; the failures the issue names; both ways a server may end a stream.
@Suite("HTTP2Load", .serialized)
struct HTTP2LoadTests {
    func configuration(_ server: HTTP2TestServer, connections: Int = 2, streams: Int = 4, messages: Int = 320) -> LoadConfiguration {
        var c = testConfiguration(port: server.port, path: "/echo")
        c.http2 = true
        c.connections = connections
        c.streamsPerConnection = streams
        c.messageCount = messages
        c.sizes = [20, 1000, 16384]
        c.mode = .closedLoop(inFlight: 2)
        c.closeTimeoutSeconds = 2
        return c
    }

    /// The server thread reads the client's last frames after the run has returned: the counter's
    /// value once it reaches `expected` (or stops changing for 2 s).
    func settled(_ counter: borrowing Atomic<Int>, at expected: Int) -> Int {
        for _ in 0..<200 where counter.load(ordering: .relaxed) < expected { usleep(10_000) }
        return counter.load(ordering: .relaxed)
    }

    @Test("K WebSockets per TCP connection: every echo verified, each request an RFC 8441 extended CONNECT")
    func echoesVerified() throws {
        let server = try HTTP2TestServer(.echo(endsStream: true))
        defer { server.stop() }
        let result = try runLoad(configuration(server))
        #expect(result.isClean, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.connectionsOpened == 8)
        #expect(result.counters.messagesReceived == 320)
        #expect(server.echoed.load(ordering: .relaxed) == 320)
        #expect(server.connectionsAccepted.load(ordering: .relaxed) == 2)
        #expect(result.configuration.protocolName == "h2c")
        let requests = server.requests.withLock { $0 }
        #expect(requests.count == 8)
        for request in requests {
            #expect(request[":method"] == "CONNECT")
            #expect(request[":protocol"] == "websocket")
            #expect(request[":scheme"] == "http")
            #expect(request[":path"] == "/echo")
            #expect(request[":authority"] == "127.0.0.1:\(server.port)")
            #expect(request["sec-websocket-version"] == "13")
            #expect(request["sec-websocket-key"] == nil)
        }
    }

    @Test("a server that ends its half after the close frames gets END_STREAM back, never RST_STREAM")
    func cleanClose() throws {
        let server = try HTTP2TestServer(.echo(endsStream: true))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 3, messages: 30))
        #expect(result.isClean, "\(result.counters.errors) \(result.notes)")
        #expect(settled(server.clientEndedStreams, at: 3) == 3)
        #expect(server.clientResetStreams.load(ordering: .relaxed) == 0)
    }

    @Test("a server that leaves streams half-open (Hypercorn 0.18) is reported as close_not_completed, streams reset")
    func halfOpenServer() throws {
        let server = try HTTP2TestServer(.echo(endsStream: false))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 2, streams: 3, messages: 60))
        #expect(result.counters.messagesReceived == 60)
        #expect(result.counters[.closeNotCompleted] == 6)
        #expect(result.counters.totalErrors == 6)
        #expect(result.notes.contains { $0.contains("close_not_completed") })
        // Never END_STREAM after our close frame (Hypercorn drops the whole connection on it).
        #expect(settled(server.clientResetStreams, at: 6) == 6)
        #expect(server.clientEndedStreams.load(ordering: .relaxed) == 0)
    }

    @Test("a server without SETTINGS_ENABLE_CONNECT_PROTOCOL fails every WebSocket as handshake_failed")
    func withoutExtendedConnect() throws {
        let server = try HTTP2TestServer(.withoutExtendedConnect)
        defer { server.stop() }
        let result = try runLoad(configuration(server))
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.counters[.handshakeFailed] == 8)
        #expect(result.notes.contains { $0.contains("server does not offer extended CONNECT") })
        #expect(server.requests.withLock { $0.isEmpty })
    }

    @Test("a non-200 answer fails the WebSocket as handshake_failed with the status", arguments: [404, 400])
    func rejectedStatus(status: Int) throws {
        let server = try HTTP2TestServer(.status(status))
        defer { server.stop() }
        let result = try runLoad(configuration(server, connections: 1, streams: 2, messages: 10))
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.counters[.handshakeFailed] == 2)
        #expect(result.notes.contains { $0.contains("status \(status)") })
    }

    @Test("open loop over HTTP/2: every due message echoed and verified")
    func openLoop() throws {
        let server = try HTTP2TestServer(.echo(endsStream: true))
        defer { server.stop() }
        var c = configuration(server, connections: 2, streams: 5, messages: 200)
        c.mode = .openLoop(messagesPerSecond: 2000)
        let result = try runLoad(c)
        #expect(result.isClean, "\(result.counters.errors) \(result.notes)")
        #expect(result.counters.messagesReceived == 200)
    }

    @Test("--streams-per-connection needs --http2, and connection-specific extra headers are refused over HTTP/2")
    func validation() {
        var c = testConfiguration(port: 1)
        c.streamsPerConnection = 4
        #expect(c.validate() == "--streams-per-connection needs --http2")
        c.http2 = true
        #expect(c.validate() == nil)
        #expect(c.webSocketCount == 16)
        c.headers = [.init(name: "Connection", value: "x")]
        #expect(c.validate() != nil)
    }
}
