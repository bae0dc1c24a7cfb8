import EchoServer
import Glibc
import Testing
import WebSocketCore

/// What the server answers to HTTP requests that are not (valid) upgrades.
@Suite struct HTTPHandlingTests {
    func request(_ server: EchoServer, _ text: String) throws -> String {
        let client = try TestClient(port: server.port)
        client.send(text)
        return client.httpResponse()
    }

    let key = "dGhlIHNhbXBsZSBub25jZQ=="

    @Test func plainRequestToTheWebSocketPathGets400() throws {
        try withServer { server in
            let r400 = try request(server, "GET /ws HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(statusCode(r400) == 400)
        }
    }

    @Test func rootServesTheTestPage() throws {
        try withServer { server in
            let response = try request(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(statusCode(response) == 200)
            #expect(response.contains("Content-Type: text/html"))
            #expect(response.contains("new WebSocket("))
            #expect(response.contains("Close Socket"))
            #expect(response.contains("\"/ws\""))
        }
    }

    @Test func otherPathsGet404() throws {
        try withServer { server in
            let r404 = try request(server, "GET /nothing-here HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(statusCode(r404) == 404)
        }
    }

    @Test func malformedRequestGets400() throws {
        try withServer { server in
            let r400 = try request(server, "GARBAGE\r\n\r\n")
            #expect(statusCode(r400) == 400)
            let bareLF = try request(server, "GET /ws HTTP/1.1\nHost: x\n\n")
            #expect(statusCode(bareLF) == 400)
        }
    }

    @Test func wrongVersionGets426WithTheVersionWeSpeak() throws {
        try withServer { server in
            let response = try request(
                server,
                "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 8\r\n\r\n")
            #expect(statusCode(response) == 426)
            #expect(response.contains("Sec-WebSocket-Version: 13"))
        }
    }

    @Test func badKeyGets400() throws {
        try withServer { server in
            let response = try request(
                server,
                "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n")
            #expect(statusCode(response) == 400)
        }
    }

    @Test func oversizeHeadGets431() throws {
        try withServer({ $0.maximumRequestHeadLength = 1024 }) { server in
            let big = "GET /ws HTTP/1.1\r\nHost: x\r\nX-Filler: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
            let r431 = try request(server, big)
            #expect(statusCode(r431) == 431)
        }
    }

    @Test("what a client sends after an HTTP error is read and dropped, not parsed as frames; the answer ends in an orderly end of stream")
    func inputAfterAnHTTPErrorIsDiscarded() throws {
        var ending: Int32 = -1  // 0: end of stream; otherwise the errno of the failed read
        var response: [UInt8] = []
        let counters = try withServer({ $0.maximumRequestHeadLength = 1024 }) { server in
            let client = try TestClient(port: server.port)
            let head = "GET /ws HTTP/1.1\r\nHost: x\r\nX-Filler: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
            client.send(head)
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            // The answer has been sent (the server has moved on to waiting for our end of stream) ...
            let first = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if first > 0 { response += buffer.prefix(first) }
            // ... then 0xFF bytes, which would be frames with reserved bits and opcode 15 if parsed.
            _ = client.sendReportingError([UInt8](repeating: 0xFF, count: 64 << 10))
            shutdown(client.fd, Int32(SHUT_WR))
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
                if n > 0 { response += buffer.prefix(n); continue }
                ending = n == 0 ? 0 : errno
                break
            }
        }
        #expect(statusCode(String(decoding: response, as: UTF8.self)) == 431)
        #expect(ending == 0)
        #expect(counters.protocolErrors == 0)
        #expect(counters.abruptCloses == 0)
    }

    @Test func requestLineOfOneMegabyteGets431AndOthersAreStillServed() throws {
        let counters = try withServer { server in
            try HostileEpisodes.megabyteRequestLine(port: server.port)
            try HostileEpisodes.ordinaryClient(port: server.port)
        }
        #expect(counters.httpResponses == 1)
        #expect(counters.connectionsClosed == counters.connectionsAccepted)
    }

    @Test func originAllowList() throws {
        try withServer({ $0.allowedOrigins = ["http://good.example"] }) { server in
            let good = try TestClient(port: server.port)
            guard case .accepted = good.upgrade(origin: "http://good.example") else {
                Issue.record("allowed origin refused"); return
            }
            let other = try TestClient(port: server.port)
            guard case .failed(.unexpectedStatus(let code, _)) = other.upgrade(origin: "http://evil.example") else {
                Issue.record("other origin accepted"); return
            }
            #expect(code == 403)
            let missing = try TestClient(port: server.port)
            guard case .failed(.unexpectedStatus(let code2, _)) = missing.upgrade(origin: nil) else {
                Issue.record("missing origin accepted"); return
            }
            #expect(code2 == 403)
        }
    }

    @Test func connectionLimitGets503() throws {
        try withServer({ $0.maximumConnections = 1 }) { server in
            let first = try upgradedClient(server)
            let second = try TestClient(port: server.port)
            guard case .failed(.unexpectedStatus(let code, _)) = second.upgrade() else {
                Issue.record("second connection accepted over the limit"); return
            }
            #expect(code == 503)
            _ = first
        }
    }

    @Test func slowHandshakeIsClosed() throws {
        let counters = try withServer({ $0.handshakeTimeoutMilliseconds = 300 }) { server in
            let client = try TestClient(port: server.port)
            client.send("GET /ws HTTP/1.1\r\nHo")
            #expect(client.isClosedByPeer())
        }
        #expect(counters.handshakeTimeouts == 1)
    }
}
