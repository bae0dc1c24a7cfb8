import BenchSupport
import Glibc
import Harness
import PerMessageDeflate
import Testing
import WebSocketCore

/// Hostile clients as functions of the server's port, so the same episode can run against an
/// in-process server (with its counters) and against `wsbench serve` as a child process (with its
/// descriptors and memory). Each asserts what the client sees and returns once the server has
/// ended the connection.
enum HostileEpisodes {
    /// Slowloris: a valid request head trickled one byte every 20 ms, never finished in time. The
    /// handshake deadline counts from the accept, not from the last byte: the server ends the
    /// connection after `handshakeTimeout` seconds although bytes keep arriving.
    static func trickledHead(port: Int, handshakeTimeout: Double) throws {
        let start = SystemClock.monotonicSeconds()  // before the connect: the accept is later
        let client = try TestClient(port: port)
        let head = Array(
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
                .utf8)
        var closedAfter: Double? = nil
        for byte in head {
            if client.sendReportingError([byte]) != nil || client.peerHasClosed(waitingMilliseconds: 20) {
                closedAfter = SystemClock.monotonicSeconds() - start
                break
            }
        }
        let elapsed = try #require(closedAfter, "a head trickled over \(head.count * 20) ms was still accepted")
        #expect(elapsed >= handshakeTimeout - 0.05, "closed after \(elapsed) s")
        #expect(client.drainUntilClosed())
    }

    /// A request head over the default 8 KiB limit (in its header fields) gets 431.
    static func oversizeHead(port: Int) throws {
        let client = try TestClient(port: port)
        client.send("GET /ws HTTP/1.1\r\nHost: x\r\nX-Filler: " + String(repeating: "a", count: 9000) + "\r\n\r\n")
        #expect(statusCode(client.httpResponse()) == 431)
    }

    /// A request line of 1 MiB. The server's head limit covers the request line too, so it answers
    /// 431 as soon as the limit has arrived — before the client has sent the rest, which shows the
    /// megabyte is never buffered — and closes. Sending the rest may then fail (EPIPE/ECONNRESET).
    static func megabyteRequestLine(port: Int) throws {
        let client = try TestClient(port: port)
        let total = 1 << 20
        let firstPart = 64 << 10
        #expect(client.sendReportingError(Array("GET /".utf8) + [UInt8](repeating: 0x61, count: firstPart - 5)) == nil)
        // The answer comes while most of the line is still unsent (5 s receive timeout).
        let answer = String(decoding: client.receive() ?? [], as: UTF8.self)
        #expect(statusCode(answer) == 431, "\(answer.prefix(60))")
        let rest = [UInt8](repeating: 0x61, count: total - firstPart) + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        if let error = client.sendReportingError(rest) {
            #expect(error == EPIPE || error == ECONNRESET, "send: \(String(cString: strerror(error)))")
        }
        #expect(client.drainUntilClosed())
    }

    /// A frame header announcing 2^63 bytes (the top bit of the 64-bit length) gets 1002.
    static func frameAnnouncing2To63Bytes(port: Int) throws {
        let client = try upgradedClient(port: port)
        client.send([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4])
        #expect(client.next() == .close(1002, ""))
        #expect(client.isClosedByPeer())
    }

    /// A compressed message of ~1 KiB that inflates to 1 MiB, past the server's cap (which must be
    /// below 1 MiB), gets 1009.
    static func zipBomb(port: Int) throws {
        let (client, session) = try compressedClient(port: port)
        let bomb = [UInt8](repeating: 0x61, count: 1 << 20)
        let compressed = bomb.withUnsafeBytes { Array(session.compress($0)!) }
        #expect(compressed.count < 64 << 10)
        client.sendFrame(.text, compressed, reservedBits: FrameHeader.rsv1)
        #expect(client.next() == .close(1009, ""))
        #expect(client.isClosedByPeer())
    }

    /// A client that vanishes mid-message (TCP close, no close frame); the server must notice and
    /// clean up. Returns at once: the server's side goes on its own.
    static func vanishMidMessage(port: Int) throws {
        let client = try upgradedClient(port: port)
        client.sendFrame(.binary, [UInt8](repeating: 1, count: 10), fin: false)
    }

    /// An ordinary client is served: upgrade, echo, close handshake (keep-alive pings passed over).
    static func ordinaryClient(port: Int, payloadSize: Int = 100) throws {
        let payload = (0..<payloadSize).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let client = try upgradedClient(port: port)
        client.sendFrame(.binary, payload)
        let echo = client.nextSkippingPings()
        let echoed = echo == .message(.binary, payload)  // not inside #expect, which would print both payloads
        #expect(echoed, "echo of \(payloadSize) bytes: \(String(describing: echo).prefix(80))")
        client.sendFrame(.close, [0x03, 0xE8])
        #expect(client.nextSkippingPings() == .close(1000, ""))
        #expect(client.isClosedByPeer())
    }
}
