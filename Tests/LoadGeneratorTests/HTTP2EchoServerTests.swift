import EchoServer
import EpollIO
import LoadGenerator
import PerMessageDeflate
import Testing

/// `wsbench load --http2` against the wsbench echo server's own HTTP/2 half, in process over
/// loopback: h2c with prior knowledge and TLS with ALPN h2, K WebSockets per connection, with and
/// without permessage-deflate. The server ends its half after the close frames, so a run is clean.
@Suite("HTTP2 against wsbench serve", .serialized)
struct HTTP2EchoServerTests {
    func configuration(port: Int, secure: Bool, streams: Int) -> LoadConfiguration {
        var c = testConfiguration(port: port)
        c.target = TargetURL("\(secure ? "wss" : "ws")://127.0.0.1:\(port)/ws")!
        if secure { c.tlsVerification = .none }
        c.http2 = true
        c.connections = 3
        c.streamsPerConnection = streams
        c.messageCount = 30 * 3 * streams
        c.sizes = [20, 1000, 16384]
        c.mode = .closedLoop(inFlight: 2)
        return c
    }

    @Test("h2c: every echo verified, clean close", arguments: [1, 10])
    func cleartext(streams: Int) throws {
        let result = try withEchoServer { server in try runLoad(configuration(port: server.port, secure: false, streams: streams)) }
        #expect(result.isClean, "\(result.summary)")
        #expect(result.counters.connectionsOpened == 3 * streams)
        #expect(result.counters.messagesReceived == 90 * streams)
        #expect(result.counters[.closeNotCompleted] == 0)
    }

    @Test("TLS with ALPN h2: every echo verified, one TLS handshake per TCP connection", arguments: [1, 10])
    func secure(streams: Int) throws {
        let identity = try TLSIdentity.selfSigned()
        let result = try withEchoServer({
            $0.tls = try? TLSContext.server(identity: identity, applicationProtocols: $0.applicationProtocols)
        }) { server in try runLoad(configuration(port: server.port, secure: true, streams: streams)) }
        #expect(result.isClean, "\(result.summary)")
        #expect(result.counters.messagesReceived == 90 * streams)
        #expect(result.counters.tlsHandshakes == 3)
        #expect(result.configuration.protocolName == "h2")
    }

    @Test("permessage-deflate per stream: each WebSocket negotiates its own session")
    func compressed() throws {
        let result = try withEchoServer { server in
            var c = configuration(port: server.port, secure: false, streams: 4)
            c.compression = DeflateClientOptions()
            return try runLoad(c)
        }
        #expect(result.isClean, "\(result.summary)")
        #expect(result.negotiatedExtensions.values.reduce(0, +) == 12)
        #expect(result.negotiatedExtensions.keys.allSatisfy { $0.hasPrefix("permessage-deflate") })
    }

    @Test("a TLS server without h2 in ALPN fails every WebSocket as handshake_failed, saying which protocol it chose")
    func http11Only() throws {
        let identity = try TLSIdentity.selfSigned()
        let result = try withEchoServer({
            $0.http2 = false
            $0.tls = try? TLSContext.server(identity: identity, applicationProtocols: $0.applicationProtocols)
        }) { server in try runLoad(configuration(port: server.port, secure: true, streams: 2)) }
        #expect(result.counters[.handshakeFailed] == 6)
        #expect(result.notes.contains { $0.contains("ALPN chose http/1.1") })
    }
}
