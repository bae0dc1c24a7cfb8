import BenchSupport
import EchoServer
import EpollIO
import Glibc
import PerMessageDeflate
import Testing
import WebSocketCore

/// WebSockets over HTTP/2 (RFC 8441) through the real server: an nghttp2 client opens K streams on
/// one connection (h2c with prior knowledge, and TLS with ALPN h2) and every echo is checked.
@Suite struct HTTP2EchoTests {
    /// Payloads of several sizes (0 B … 70 KB: some cross DATA frame and batch boundaries).
    let sizes = [0, 1, 20, 125, 126, 1000, 4097, 16384, 70_000]

    func payload(_ size: Int, _ seed: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 31) &+ seed) }
    }

    func text(_ size: Int, _ seed: Int) -> [UInt8] {
        (0..<size).map { UInt8(0x61 + ($0 &+ seed) % 26) }
    }

    /// Sends text and binary messages of every size on each stream, then checks every echo.
    func echoEverySize(_ client: HTTP2TestClient, _ ids: [Int32], seed: Int) {
        for id in ids {
            for size in sizes {
                client.sendFrame(.text, text(size, seed + Int(id)), on: id)
                client.sendFrame(.binary, payload(size, seed + Int(id)), on: id)
            }
        }
        for id in ids {
            for size in sizes {
                #expect(client.next(on: id) == .message(.text, text(size, seed + Int(id))), "stream \(id) text \(size)")
                #expect(client.next(on: id) == .message(.binary, payload(size, seed + Int(id))), "stream \(id) binary \(size)")
            }
        }
    }

    /// Closes stream `id` (close frame + END_STREAM) and checks the server's close frame and END_STREAM.
    func closeCleanly(_ client: HTTP2TestClient, _ id: Int32) {
        client.close(id)
        #expect(client.next(on: id) == .close(1000, ""))
        #expect(client.wait { client.streams[id]?.closedWith != nil })
        #expect(client.streams[id]?.closedWith == 0, "the stream ended on both sides, not reset")
        #expect(client.streams[id]?.remoteEnded == true)
    }

    @Test func h2cStreamsEchoAndOneClosesWhileTheOthersGoOn() throws {
        let counters = try withServer { server in
            let client = try HTTP2TestClient(port: server.port)
            let opened = (0..<4).map { _ in client.openWebSocket() }
            #expect(client.serverAllowsExtendedConnect)
            #expect(opened.allSatisfy { $0.1 == 200 })
            let ids = opened.map(\.0)
            echoEverySize(client, ids, seed: 1)
            closeCleanly(client, ids[0])
            echoEverySize(client, Array(ids.dropFirst()), seed: 2)
            for id in ids.dropFirst() { closeCleanly(client, id) }
            #expect(!client.goAwayReceived)
        }
        #expect(counters.webSocketsOpenedHTTP2 == 4)
        #expect(counters.webSocketsOpenedHTTP1 == 0)
        #expect(counters.http2Connections == 1)
        #expect(counters.http2MaximumStreamsPerConnection == 4)
        #expect(counters.messagesEchoed == 4 * 18 + 3 * 18)
        #expect(counters.abruptCloses == 0)
    }

    @Test func aConnectionWithOneStreamEchoesEverySize() throws {
        // With one stream on the connection, DATA over 4 KiB is written in place (header, then payload
        // from the stream's output); with several it is gathered in the write scratch.
        let counters = try withServer { server in
            let client = try HTTP2TestClient(port: server.port)
            let id = client.openWebSocket().0
            echoEverySize(client, [id], seed: 5)
            echoEverySize(client, [id], seed: 6)
            closeCleanly(client, id)
        }
        #expect(counters.messagesEchoed == 2 * 18)
        #expect(counters.abruptCloses == 0)
    }

    @Test func compressedStreamsEchoCompressed() throws {
        try withServer { server in
            let client = try HTTP2TestClient(port: server.port)
            let options = DeflateClientOptions()
            var sessions: [Int32: DeflateSession] = [:]
            for _ in 0..<3 {
                let (id, status) = client.openWebSocket(extensions: DeflateNegotiation.offer(options))
                #expect(status == 200)
                let accepted = client.streams[id]?.header("sec-websocket-extensions")
                #expect(accepted?.hasPrefix("permessage-deflate") == true)
                guard let parameters = try DeflateNegotiation.validateResponse(accepted, offered: options) else {
                    Issue.record("compression not negotiated"); return
                }
                client.streams[id]!.reader.frames.rules.allowedReservedBits = FrameHeader.rsv1
                sessions[id] = DeflateSession(client: parameters, options: options)
            }
            for (id, session) in sessions {
                for size in [100, 5000, 70_000] {
                    let original = text(size, Int(id))
                    client.sendFrame(.text, original.withUnsafeBytes { Array(session.compress($0)!) }, on: id, reservedBits: FrameHeader.rsv1)
                    guard case .message(.text, let echoed) = client.next(on: id) else {
                        Issue.record("no echo on stream \(id) for \(size)"); return
                    }
                    let inflated = try echoed.withUnsafeBytes { Array(try session.inflater.inflateMessage($0)) }
                    #expect(inflated == original, "stream \(id) size \(size)")
                }
            }
            for id in sessions.keys { closeCleanly(client, id) }
        }
    }

    @Test func badRequestsGetTheirStatusOnTheStreamAndTheConnectionGoesOn() throws {
        let counters = try withServer({ $0.allowedOrigins = ["https://good.example"] }) { server in
            let client = try HTTP2TestClient(port: server.port)
            _ = client.wait { client.serverAllowsExtendedConnect }
            let cases: [([(String, String)], Int)] = [
                (client.connectFields(path: "/elsewhere", origin: "https://good.example"), 404),
                (client.connectFields(version: "8", origin: "https://good.example"), 400),
                (client.connectFields(version: nil, origin: "https://good.example"), 400),
                (client.connectFields(protocolName: "chat", origin: "https://good.example"), 501),
                (client.connectFields(origin: "https://evil.example"), 403),
                (client.connectFields(), 403),
            ]
            for (fields, status) in cases {
                let id = client.request(fields)
                #expect(client.wait { client.streams[id]?.remoteEnded == true || client.streams[id]?.closedWith != nil })
                #expect(client.streams[id]?.status == status, "\(fields)")
                if status == 400 { #expect(client.streams[id]?.header("sec-websocket-version") == "13") }
            }
            // The test page over HTTP/2.
            let page = client.request([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "127.0.0.1")], endStream: true)
            #expect(client.wait { client.streams[page]?.closedWith != nil })
            #expect(client.streams[page]?.status == 200)
            let body = String(decoding: client.streams[page]?.body ?? [], as: UTF8.self)
            #expect(body.contains("wsbench echo test"))
            // The connection still carries WebSockets.
            let id = client.request(client.connectFields(origin: "https://good.example"))
            #expect(client.wait { client.streams[id]?.status != nil })
            #expect(client.streams[id]?.status == 200)
            client.sendFrame(.text, Array("still here".utf8), on: id)
            #expect(client.next(on: id) == .message(.text, Array("still here".utf8)))
            closeCleanly(client, id)
            #expect(!client.connectionEnded)
        }
        #expect(counters.httpResponses == 7)
        #expect(counters.webSocketsOpenedHTTP2 == 1)
    }

    @Test func anAbruptStreamResetLeavesTheOtherStreamsAlone() throws {
        let counters = try withServer { server in
            let client = try HTTP2TestClient(port: server.port)
            let a = client.openWebSocket().0
            let b = client.openWebSocket().0
            client.sendFrame(.text, Array("a".utf8), on: a)
            #expect(client.next(on: a) == .message(.text, Array("a".utf8)))
            client.reset(a)
            client.sendFrame(.binary, [1, 2, 3], on: b)
            #expect(client.next(on: b) == .message(.binary, [1, 2, 3]))
            // A protocol error on b (an unmasked frame) closes b with 1002 and ends its stream.
            client.send([0x81, 0x01, 0x61], on: b)
            #expect(client.next(on: b) == .close(1002, ""))
            client.close(b, code: 1002)
            #expect(client.wait { client.streams[b]?.closedWith != nil })
            #expect(client.streams[b]?.closedWith == 0)
            let c = client.openWebSocket().0
            client.sendFrame(.text, Array("c".utf8), on: c)
            #expect(client.next(on: c) == .message(.text, Array("c".utf8)))
            closeCleanly(client, c)
        }
        #expect(counters.abruptCloses == 1)
        #expect(counters.protocolErrors == 1)
    }

    @Test func aStreamWhoseClientStopsReadingIsHeldByItsWindowAndTheOthersGoOn() throws {
        try withServer { server in
            // The client gives no stream window back (64 KiB per stream, RFC 9113's default): the server
            // can send that stream only that much, and must stop giving window back to it once its
            // echoes queue up. (The connection window is given back, so other streams can go on.)
            let client = try HTTP2TestClient(port: server.port, windowUpdates: false)
            let slow = client.openWebSocket().0
            let other = client.openWebSocket().0
            let message = payload(60_000, 7)
            let count = 64  // 3.8 MB: more than the stream window (1 MiB) plus the high-water mark (1 MiB)
            for _ in 0..<count { client.sendFrame(.binary, message, on: slow) }
            // Until the server stops consuming, its window updates let more out; then it is quiet
            // (nothing more for 300 ms) and the window stays shut.
            while client.hasInput(waitingMilliseconds: 300) {
                guard client.pump() else { break }
            }
            #expect(client.sendWindow(slow) == 0)
            #expect(!client.streams[slow]!.outgoing.isEmpty, "the server held the stream's window while its echoes queued")
            // The other stream is unaffected (its echo fits the connection and its own window).
            client.sendFrame(.text, Array("other".utf8), on: other)
            #expect(client.next(on: other) == .message(.text, Array("other".utf8)))
            // Reading again (giving window back as echoes arrive) lets everything through, in order.
            client.releaseStreamWindows()
            var echoed = 0
            while echoed < count, let received = client.next(on: slow) {
                #expect(received == .message(.binary, message))
                echoed += 1
            }
            #expect(echoed == count)
        }
    }

    @Test func aClientThatStopsReadingTheConnectionPausesTheServerAndEveryLargeEchoArrivesInOrder() throws {
        // Large echoes (DATA written in place from the streams' output) on 8 streams while the client
        // sends 7.7 MB and reads nothing, with a small receive buffer: the socket takes part of a write,
        // the rest queues in the connection's OutboundBuffer past the high-water mark, and the server
        // stops taking frames and reading. Then the client reads: every echo arrives, in order.
        let streamCount = 8
        let messages = 16
        let size = 60_000
        let counters = try withServer({ $0.backpressure = BackpressureWaterMarks(high: 64 << 10, low: 16 << 10) }) { server in
            let client = try HTTP2TestClient(port: server.port)
            let ids = (0..<streamCount).map { _ in client.openWebSocket().0 }
            var small: Int32 = 32 << 10
            setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            client.sendsWithoutBlocking = true
            for i in 0..<messages {
                for id in ids { client.sendFrame(.binary, payload(size, i &* 16 &+ Int(id)), on: id) }
            }
            // Send, reading nothing, until the socket stays full for 300 ms (or nothing is left to send).
            var rounds = 0
            while client.wantsToSend && rounds < 10_000 {
                var entry = pollfd(fd: client.socket.fd, events: Int16(POLLOUT), revents: 0)
                guard poll(&entry, 1, 300) == 1 else { break }
                client.flush()
                rounds += 1
            }
            for id in ids {
                for i in 0..<messages {
                    #expect(client.next(on: id) == .message(.binary, payload(size, i &* 16 &+ Int(id))), "stream \(id) message \(i)")
                }
            }
            for id in ids { closeCleanly(client, id) }
        }
        #expect(counters.backpressurePauses > 0, "the server's unsent bytes passed the high-water mark")
        #expect(counters.messagesEchoed == streamCount * messages)
        #expect(counters.protocolErrors == 0 && counters.abruptCloses == 0)
    }

    @Test func shutdownClosesEveryStreamWith1001AndSendsGoAway() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.threads = 1
        let server = try EchoServer.start(configuration)
        let client = try HTTP2TestClient(port: server.port)
        let ids = [client.openWebSocket().0, client.openWebSocket().0]
        server.stop()
        for id in ids {
            #expect(client.next(on: id) == .close(1001, "server shutting down"))
        }
        #expect(client.wait { client.goAwayReceived })
        for id in ids { client.close(id, code: 1001) }
        #expect(client.wait { ids.allSatisfy { client.streams[$0]?.closedWith != nil } })
        #expect(ids.allSatisfy { client.streams[$0]?.closedWith == 0 })
        // After the last stream the server ends the connection.
        #expect(client.wait { client.connectionEnded })
        let counters = server.wait()
        #expect(counters.webSocketsOpenedHTTP2 == 2)
        #expect(counters.abruptCloses == 0)
    }

    @Test func tlsWithALPNh2CarriesWebSocketStreamsAndHTTP1StillWorksOnThePort() throws {
        let identity = try TLSIdentity.selfSigned()
        var configuration = ServerConfiguration()
        let serverContext = try TLSContext.server(identity: identity, applicationProtocols: configuration.applicationProtocols)
        var options = TLSClientOptions(serverName: "127.0.0.1")
        options.verification = .none
        options.applicationProtocols = ["h2"]
        let h2Context = try TLSContext.client(options)
        options.applicationProtocols = ["http/1.1"]
        let h1Context = try TLSContext.client(options)
        configuration.port = 0
        let counters = try withServer({ $0.tls = serverContext }) { server in
            let client = try HTTP2TestClient(port: server.port, tls: h2Context)
            #expect(client.socket.tlsStream.negotiatedApplicationProtocol == "h2")
            let ids = (0..<3).map { _ in client.openWebSocket().0 }
            echoEverySize(client, ids, seed: 3)
            for id in ids { closeCleanly(client, id) }
            // HTTP/1.1 over TLS on the same port.
            let h1 = try TestClient(port: server.port)
            #expect(h1.startTLS(h1Context) == .complete)
            #expect(h1.tlsStream.negotiatedApplicationProtocol == "http/1.1")
            guard case .accepted = h1.upgrade() else { Issue.record("HTTP/1.1 upgrade failed"); return }
            h1.sendFrame(.text, Array("h1".utf8))
            #expect(h1.next() == .message(.text, Array("h1".utf8)))
        }
        #expect(counters.webSocketsOpenedHTTP2 == 3)
        #expect(counters.webSocketsOpenedHTTP1 == 1)
        #expect(counters.http2Connections == 1)
    }

    @Test func withHTTP2OffThePrefaceIsJustAnHTTP1Request() throws {
        let counters = try withServer({ $0.http2 = false }) { server in
            let client = try TestClient(port: server.port)
            client.send(HTTP2ConnectionPrefaceBytes.preface)
            // "PRI *" parses as an HTTP/1.1 request for a resource the server does not have.
            let response = client.httpResponse()
            #expect(response.hasPrefix("HTTP/1.1 "))
            #expect(statusCode(response) == 404)
        }
        #expect(counters.http2Connections == 0)
    }
}

/// The client preface, for tests that send it by hand.
enum HTTP2ConnectionPrefaceBytes {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
}
