import BenchSupport
import COpenSSL
import EchoServer
import EpollIO
import Glibc
import Testing
import WebSocketCore

/// The TLS transport in one process: the echo server with a self-signed identity, and the test
/// client with a client ``TLSContext`` that trusts exactly that certificate (or not), both reading
/// and writing through ``Transport/tls``.
@Suite struct TLSEchoTests {
    let identity: TLSIdentity
    let serverContext: TLSContext
    /// A PEM file holding the server's certificate, the client's only CA.
    let caFile: String

    init() throws {
        identity = try TLSIdentity.selfSigned()
        serverContext = try TLSContext.server(identity: identity)
        caFile = "/tmp/wsbench-tls-ca-\(getpid())-\(UInt32.random(in: 0 ... .max)).pem"
        try FileSystem.write(identity.certificatePEM, to: caFile)
    }

    /// A client context for `serverName` checking certificates `verification`'s way (default: trust
    /// the server's certificate only).
    func clientContext(serverName: String = "127.0.0.1", verification: TLSVerification? = nil) throws -> TLSContext {
        var options = TLSClientOptions(serverName: serverName)
        options.verification = verification ?? .certificateAuthorities(file: caFile)
        return try TLSContext.client(options)
    }

    /// A TLS client of `server` that has completed both handshakes.
    func upgradedTLSClient(_ server: EchoServer, _ context: TLSContext) throws -> TestClient {
        let client = try TestClient(port: server.port)
        let result = client.startTLS(context)
        guard result == .complete, case .accepted = client.upgrade() else {
            Issue.record("TLS or WebSocket handshake failed: \(result)")
            throw TestClientError.system("handshake", 0)
        }
        return client
    }

    @Test func echoesMessagesOfSeveralSizesIncludingMultiRecordOnes() throws {
        defer { unlink(caFile) }
        let context = try clientContext()
        let counters = try withServer({ $0.tls = serverContext }) { server in
            let client = try upgradedTLSClient(server, context)
            #expect(client.tlsStream.negotiatedApplicationProtocol == "http/1.1")
            #expect(client.tlsStream.protocolVersion == "TLSv1.3")
            #expect(client.tlsStream.peerCertificateFingerprint == identity.fingerprint)
            let sizes = [0, 20, 1000, 16 << 10, (16 << 10) + 1, 100_000, 1 << 20]
            for size in sizes {
                let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ size) }
                client.sendFrame(.binary, payload)
                #expect(client.next() == .message(.binary, payload), "size \(size)")
            }
            // Back to back: several frames in one TLS write, echoed in one batch.
            for i in 0..<50 { client.sendFrame(.text, Array("message \(i)".utf8)) }
            for i in 0..<50 { #expect(client.next() == .message(.text, Array("message \(i)".utf8))) }
        }
        #expect(counters.tlsHandshakes == 1)
        #expect(counters.messagesEchoed == 57)
        #expect(counters.tlsHandshakeFailures == 0)
    }

    @Test func closeNotifyGoesBothWays() throws {
        defer { unlink(caFile) }
        let context = try clientContext()
        let counters = try withServer({ $0.tls = serverContext }) { server in
            let client = try upgradedTLSClient(server, context)
            // Only a real close_notify reads as the end of the stream now; a bare TCP close would be EPROTO.
            SSL_clear_options(client.tlsStream.ssl, wsb_ssl_option_ignore_unexpected_eof)
            client.sendFrame(.close, [0x03, 0xE8])
            #expect(client.next() == .close(1000, ""))
            #expect(client.tlsReadOutcome() == .endOfFile)
            // Ours: close_notify and FIN; the server takes it as the orderly end of the close handshake.
            client.transport.shutdownWrite(client.fd)
        }
        #expect(counters.abruptCloses == 0)
        #expect(counters.connectionsClosed == 1)
    }

    @Test func aClientThatStopsReadingHoldsBackTheServersCiphertextWithoutLoss() throws {
        defer { unlink(caFile) }
        let context = try clientContext()
        // 64 KiB to 1 MiB messages, ~16 MiB each way: more than the loopback socket buffers hold.
        let sizes = (0..<24).map { [64 << 10, 1 << 20, 256 << 10, 1 << 20, 300_001, 1 << 20][$0 % 6] }
        var requests: [UInt8] = []
        var expected: [UInt8] = []
        for (i, size) in sizes.enumerated() {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i &+ ($0 >> 9)) }
            requests += TLSEchoTests.frame(payload, maskingKey: MaskingKey(packed: UInt32(0x0102_0304 &+ i)))
            expected += TLSEchoTests.frame(payload, maskingKey: nil)
        }
        let counters = try withServer({ $0.tls = serverContext }) { server in
            let client = try upgradedTLSClient(server, context)
            SSL_clear_options(client.tlsStream.ssl, wsb_ssl_option_ignore_unexpected_eof)
            var small: Int32 = 32 << 10  // a small receive window, so the server's side fills sooner
            setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            // Write without reading until the socket stays full: the server's echoes pile up as
            // ciphertext it cannot send and plaintext behind it, until it stops reading us.
            var offset = 0
            var blocked = false
            while offset < requests.count && !blocked {
                switch requests.withUnsafeBytes({ client.transport.write(client.fd, from: $0.baseAddress! + offset, count: $0.count - offset) }) {
                case .written(let n): offset += n
                case .wouldBlock: blocked = !client.waitFor(Int16(POLLOUT), milliseconds: 300)
                case .error(let error):
                    Issue.record("write failed: \(error)")
                    return
                }
            }
            #expect(blocked, "the client wrote everything without the server holding anything back")
            // Now read every echo, writing the rest as the socket allows.
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 256 << 10)
            var silentWaits = 0
            while received.count < expected.count && silentWaits < 10 {
                if offset < requests.count,
                    case .written(let n) = requests.withUnsafeBytes({
                        client.transport.write(client.fd, from: $0.baseAddress! + offset, count: $0.count - offset)
                    })
                {
                    offset += n
                }
                let result = buffer.withUnsafeMutableBytes { client.transport.read(client.fd, into: $0.baseAddress!, count: $0.count) }
                switch result {
                case .bytes(let n):
                    received += buffer.prefix(n)
                    silentWaits = 0
                case .wouldBlock:
                    var events = client.transport.readWaitsForWritable(client.fd) ? Int16(POLLOUT) : Int16(POLLIN)
                    if offset < requests.count { events |= Int16(POLLOUT) }
                    if !client.waitFor(events, milliseconds: 500) { silentWaits += 1 }
                case .endOfFile, .error:
                    Issue.record("the stream ended: \(result)")
                    return
                }
            }
            #expect(offset == requests.count)
            #expect(received.count == expected.count)
            #expect(received == expected, "the echoes differ from what was sent")
            // The close handshake still ends with the server's close_notify (a bare TCP close would be EPROTO).
            client.sendFrame(.close, [0x03, 0xE8])
            #expect(client.next() == .close(1000, ""))
            #expect(client.tlsReadOutcome() == .endOfFile)
            client.transport.shutdownWrite(client.fd)
        }
        #expect(counters.messagesEchoed == sizes.count)
        #expect(counters.backpressurePauses > 0)
        #expect(counters.abruptCloses == 0)
    }

    /// One unfragmented binary frame of `payload`, masked with `maskingKey` (a client's) or not (the server's echo).
    static func frame(_ payload: [UInt8], maskingKey: MaskingKey?) -> [UInt8] {
        let header = FrameHeader(fin: true, reservedBits: 0, opcode: .binary, maskingKey: maskingKey, payloadLength: payload.count)
        var out = [UInt8](repeating: 0, count: FrameEncoder.frameLength(payloadLength: payload.count, masked: maskingKey != nil))
        _ = out.withUnsafeMutableBytes { dst in payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: dst.baseAddress!) } }
        return out
    }

    @Test func laterConnectionsResumeTheSession() throws {
        defer { unlink(caFile) }
        let context = try clientContext()
        try withServer({ $0.tls = serverContext }) { server in
            let first = try upgradedTLSClient(server, context)
            #expect(!first.tlsStream.resumedSession)
            // The TLS 1.3 tickets came after the handshake and were read with the 101.
            #expect(context.hasSavedSession)
            let second = try upgradedTLSClient(server, context)
            #expect(second.tlsStream.resumedSession)
            second.sendFrame(.text, Array("resumed".utf8))
            #expect(second.next() == .message(.text, Array("resumed".utf8)))
        }
    }

    @Test func aVerifyingClientRefusesAnUntrustedOrMisnamedCertificate() throws {
        defer { unlink(caFile) }
        let cases: [(TLSContext, String)] = [
            (try clientContext(verification: .systemTrustStore), "self"),
            (try clientContext(serverName: "example.com"), "hostname mismatch"),
        ]
        let counters = try withServer({ $0.tls = serverContext }) { server in
            for (context, reason) in cases {
                let client = try TestClient(port: server.port)
                guard case .failed(let why) = client.startTLS(context) else {
                    Issue.record("the handshake did not fail (\(reason))")
                    continue
                }
                #expect(why.lowercased().contains(reason), "\(why)")
                // The client's alert failed the server's side too, which then dropped the connection.
                #expect(client.peerHasClosed(waitingMilliseconds: 3_000))
            }
            // Without verification the same certificate is accepted for any name.
            let insecure = try TestClient(port: server.port)
            #expect(insecure.startTLS(try clientContext(serverName: "example.com", verification: TLSVerification.none)) == .complete)
            if case .accepted = insecure.upgrade() {} else { Issue.record("no upgrade over the unverified connection") }
        }
        #expect(counters.tlsHandshakeFailures == 2)
        #expect(counters.tlsHandshakes == 1)
    }
}
