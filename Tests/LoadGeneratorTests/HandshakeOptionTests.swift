import EpollIO
import LoadGenerator
import Testing
import WebSocketCore

/// `--header`, `--origin` and `--subprotocol` over real sockets: what arrives at the server, the
/// subprotocol the server chooses (reported) or gets wrong (`handshake_failed`, with the reason),
/// and the fields refused before a run starts.
@Suite("Headers, origin and subprotocols")
struct HandshakeOptionTests {
    /// One connection to `server` under a host name it never resolves (the address is given).
    func configuration(_ server: FaultyEchoServer, path: String = "/ws") -> LoadConfiguration {
        var c = testConfiguration(port: server.port)
        c.target = TargetURL("ws://wsbench.test:\(server.port)\(path)")!
        c.addresses = [SocketAddress(host: "127.0.0.1", port: UInt16(server.port))!]
        c.connections = 1
        c.messageCount = 10
        c.connectTimeoutSeconds = 2
        return c
    }

    @Test("headers and the origin arrive, Host keeps the name, the query stays; the chosen subprotocol is reported")
    func headersArriveAndSubprotocolIsChosen() throws {
        let server = try FaultyEchoServer(.chooseSubprotocol(nil))
        defer { server.stop() }
        var c = configuration(server, path: "/chat?room=1&v=2")
        c.headers = [
            HTTPHeaderField(name: "Authorization", value: "Bearer secret-token"), HTTPHeaderField(name: "X-Trace", value: "t1"),
        ]
        c.origin = "https://app.example.com"
        c.subprotocols = ["v2.json", "v1.json"]
        let result = try runLoad(c)
        server.stop()
        #expect(result.isClean)
        #expect(result.counters.messagesReceived == 10)
        let heads = server.requestHeads.withLock { $0 }
        #expect(heads.count == 1)
        let head = try #require(heads.first)
        #expect(head.target == "/chat?room=1&v=2")
        #expect(head.headers.first("Host") == "wsbench.test:\(server.port)")
        #expect(head.headers.first("Authorization") == "Bearer secret-token")
        #expect(head.headers.first("X-Trace") == "t1")
        #expect(head.headers.first("Origin") == "https://app.example.com")
        #expect(head.headers.first("Sec-WebSocket-Protocol") == "v2.json, v1.json")
        #expect(result.negotiatedSubprotocols == ["v2.json": 1])
        #expect(result.summary.contains("subprotocol offered v2.json, v1.json; chosen: v2.json ×1"))
        let files = WrittenResults(result)
        #expect(files.json.contains("\"negotiated_subprotocols\":{\"v2.json\":1}"))
        #expect(files.json.contains("\"headers\":[\"Authorization\",\"X-Trace\"]"))
        #expect(!files.json.contains("secret-token"))
        #expect(!files.csv.contains("secret-token"))
        #expect(files.csvFields["subprotocol"] == "v2.json ×1")
    }

    @Test("the server chooses a subprotocol that was not offered: handshake_failed, the note says which and what was offered")
    func subprotocolNotOffered() throws {
        let server = try FaultyEchoServer(.chooseSubprotocol("other"))
        defer { server.stop() }
        var c = configuration(server)
        c.connections = 2
        c.subprotocols = ["chat"]
        let result = try runLoad(c)
        #expect(result.counters[.handshakeFailed] == 2)
        #expect(result.counters.totalErrors == 2)
        #expect(result.counters.messagesSent == 0)
        #expect(
            result.notes.contains(
                "handshake failed: the server chose the subprotocol other, which was not offered (RFC 6455 §4.1); offered: chat"))
        #expect(WrittenResults(result).json.contains("\"handshake_failed\":2,"))
    }

    @Test("the server chooses a subprotocol when none was offered: handshake_failed")
    func subprotocolWithoutOffer() throws {
        let server = try FaultyEchoServer(.chooseSubprotocol("chat"))
        defer { server.stop() }
        let result = try runLoad(configuration(server))
        #expect(result.counters[.handshakeFailed] == 1)
        #expect(
            result.notes.contains(
                "handshake failed: the server chose the subprotocol chat, which was not offered (RFC 6455 §4.1); none was offered"
            ))
    }

    @Test("the server chooses none of the offered subprotocols: the run goes on, none reported")
    func subprotocolDeclined() throws {
        let server = try FaultyEchoServer(.faithful)
        defer { server.stop() }
        var c = configuration(server)
        c.subprotocols = ["chat"]
        let result = try runLoad(c)
        #expect(result.isClean)
        #expect(result.negotiatedSubprotocols == ["": 1])
        #expect(result.summary.contains("subprotocol offered chat; chosen: none ×1"))
    }

    @Test(
        "fields the handshake owns, broken names and values, bad subprotocols: refused before the run, saying why",
        arguments: [
            (HTTPHeaderField(name: "Host", value: "x"), "Host is written by the WebSocket handshake itself"),
            (
                HTTPHeaderField(name: "sec-websocket-key", value: "x"),
                "Sec-WebSocket-Key is written by the WebSocket handshake itself"
            ),
            (HTTPHeaderField(name: "Origin", value: "x"), "use --origin"),
            (HTTPHeaderField(name: "Sec-WebSocket-Protocol", value: "x"), "use --subprotocol"),
            (HTTPHeaderField(name: "X Token", value: "x"), "is not a token"),
            (HTTPHeaderField(name: "X-Token", value: "a\r\nX-Injected: 1"), "a header is one line"),
        ])
    func refusedHeaders(field: HTTPHeaderField, reason: String) {
        var c = testConfiguration(port: 9)
        c.headers = [field]
        #expect(c.validate()?.contains(reason) == true, "\(String(describing: c.validate()))")
        #expect(throws: LoadError.self) { try LoadRun.start(c) }
    }

    @Test("bad subprotocols and origins are refused")
    func refusedSubprotocolsAndOrigins() {
        var c = testConfiguration(port: 9)
        c.subprotocols = ["a b"]
        #expect(c.validate()?.contains("is not a token") == true)
        c.subprotocols = ["chat", "chat"]
        #expect(c.validate() == "a subprotocol is offered twice")
        c.subprotocols = []
        c.origin = "https://x\r\nX: 1"
        #expect(c.validate()?.contains("control characters") == true)
    }
}
