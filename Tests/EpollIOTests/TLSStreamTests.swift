import COpenSSL
import EpollIO
import Glibc
import Testing

/// The TLS transport without an event loop: a client and a server ``TLSStream`` over a socket pair,
/// stepped by hand — handshake states, ALPN, resumption, the plaintext check, writes that block and
/// are retried from another buffer, gathered writes, ciphertext that waits for the socket (and what
/// OpenSSL writes meanwhile), and close_notify versus a bare close.
@Suite struct TLSStreamTests {
    static let identity = try! TLSIdentity.selfSigned()
    let serverContext = try! TLSContext.server(identity: TLSStreamTests.identity)

    /// A client context that checks nothing (the certificate checks have their own tests).
    func clientContext(_ protocols: [String] = TLSApplicationProtocols.http11) throws -> TLSContext {
        var options = TLSClientOptions(serverName: "localhost")
        options.verification = .none
        options.applicationProtocols = protocols
        return try TLSContext.client(options)
    }

    @Test func theHandshakeRunsInStepsUntilBothSidesComplete() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        // The server has nothing to read yet; the client sends its hello and waits for the answer.
        #expect(Transport.tls.handshake(pair.server) == .wantsReadable)
        #expect(Transport.tls.handshake(pair.client) == .wantsReadable)
        #expect(TLSHandshakeResult.wantsReadable.awaitedEvents == .readable)
        #expect(TLSHandshakeResult.wantsWritable.awaitedEvents == .writable)
        let (client, server) = pair.handshake()
        #expect(client == .complete && server == .complete)
        #expect(pair.clientStream.protocolVersion == "TLSv1.3")
        #expect(pair.clientStream.negotiatedApplicationProtocol == "http/1.1")
        #expect(pair.serverStream.negotiatedApplicationProtocol == "http/1.1")
        #expect(pair.clientStream.peerCertificateFingerprint == TLSStreamTests.identity.fingerprint)
        // Nothing to read is an ordinary would-block that waits for input, not for writability.
        var received: [UInt8] = []
        #expect(pair.drain(pair.server, into: &received) == .wouldBlock)
        #expect(!Transport.tls.readWaitsForWritable(pair.server))
        #expect(!Transport.plainTCP.readWaitsForWritable(pair.server))
    }

    @Test func aClientOfferingNoSharedProtocolIsRefused() throws {
        let pair = try TLSStreamPair(client: try clientContext(["h2"]), server: serverContext)
        let (client, server) = pair.handshake()
        guard case .failed(let clientReason) = client, case .failed(let serverReason) = server else {
            Issue.record("ALPN without overlap: \(client), \(server)")
            return
        }
        #expect(clientReason.contains("no application protocol"), "\(clientReason)")
        #expect(serverReason.contains("no application protocol") || serverReason.contains("callback failed"), "\(serverReason)")
    }

    @Test func aClientWithoutALPNIsServed() throws {
        let pair = try TLSStreamPair(client: try clientContext([]), server: serverContext)
        let (client, server) = pair.handshake()
        #expect(client == .complete && server == .complete)
        #expect(pair.serverStream.negotiatedApplicationProtocol == nil)
    }

    @Test func plaintextIsRecognisedBeforeOpenSSLConsumesIt() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        let request = Array("GET / HTTP/1.1\r\n".utf8)
        #expect(request.withUnsafeBytes { Socket.write(pair.client, $0) } == .written(request.count))
        #expect(Transport.tls.handshake(pair.server) == .notTLS)
        var head = [UInt8](repeating: 0, count: request.count)
        #expect(recv(pair.server, &head, head.count, 0) == request.count)
        #expect(head == request)
    }

    @Test func aPeerThatGoesBeforeTheHandshakeIsAnEndOfStream() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        try Socket.shutdown(pair.client, .write)
        #expect(Transport.tls.handshake(pair.server) == .endOfStream)
    }

    @Test func laterConnectionsResumeTheSession() throws {
        let context = try clientContext()
        let first = try TLSStreamPair(client: context, server: serverContext)
        _ = first.handshake()
        #expect(!first.clientStream.resumedSession)
        // TLS 1.3 tickets follow the handshake: the client's next read takes them.
        var received: [UInt8] = []
        first.drain(first.client, into: &received)
        #expect(received.isEmpty)
        #expect(context.hasSavedSession)
        let second = try TLSStreamPair(client: context, server: serverContext)
        let (client, server) = second.handshake()
        #expect(client == .complete && server == .complete)
        #expect(second.clientStream.resumedSession && second.serverStream.resumedSession)
    }

    @Test func writesThatBlockAreRetriedFromAnotherBuffer() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        let message = (0..<(4 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 11)) }
        // What is not taken yet lives in a fresh array each time, as in an outbound buffer.
        var pending = message
        var received: [UInt8] = []
        var blocked = 0
        for _ in 0..<10_000 where !pending.isEmpty {
            switch pending.withUnsafeBytes({ Transport.tls.write(pair.client, $0) }) {
            case .written(let n):
                if n < pending.count { blocked += 1 }
                pending = Array(pending[n...])
            case .wouldBlock:
                blocked += 1
                pending = Array(pending)
            case .error(let error):
                Issue.record("write failed: \(error)")
                return
            }
            pair.drain(pair.server, into: &received)
        }
        pair.drain(pair.server, into: &received)
        #expect(blocked > 0)
        #expect(pending.isEmpty)
        #expect(received == message)
    }

    @Test func aGatheredWriteArrivesInOrder() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        let pieces: [[UInt8]] = [[0x82, 0x7E], Array(repeating: 1, count: 40_000), Array(0..<10), [], Array(repeating: 2, count: 5_000), [9, 9, 9]]
        let expected = pieces.flatMap { $0 }
        let vectors = pieces.map { piece in
            let copy = UnsafeMutableRawPointer.allocate(byteCount: max(piece.count, 1), alignment: 1)
            piece.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: $0.count) } }
            return iovec(iov_base: copy, iov_len: piece.count)
        }
        defer { for v in vectors { v.iov_base?.deallocate() } }
        #expect(Transport.tls.writev(pair.client, vectors, count: vectors.count) == .written(expected.count))
        var received: [UInt8] = []
        pair.drain(pair.server, into: &received)
        #expect(received == expected)
    }

    /// An idle connection gives OpenSSL's buffers back; the next records (both ways, larger than one
    /// record) allocate them again and arrive intact. Plain TCP has no such buffers.
    @Test func buffersReleasedWhileIdleAreAllocatedAgainForTheNextRecords() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        let request = Self.pattern(1000)
        #expect(Self.writeOnce(pair.client, request, from: 0) == request.count)
        var received: [UInt8] = []
        pair.drain(pair.server, into: &received)
        #expect(received == request)
        #expect(Transport.tls.releaseBuffers(pair.server))
        #expect(Transport.tls.releaseBuffers(pair.client))
        #expect(!Transport.plainTCP.releaseBuffers(pair.server))
        for (from, to) in [(pair.client, pair.server), (pair.server, pair.client)] {
            let message = Self.pattern(40_000, Int(from))
            var sent = 0
            var arrived: [UInt8] = []
            while sent < message.count {
                sent += Self.writeOnce(from, message, from: sent)
                pair.drain(to, into: &arrived)
            }
            pair.drain(to, into: &arrived)
            #expect(arrived == message)
        }
    }

    /// A record read only in part keeps its rest in OpenSSL: the release is refused and nothing is lost.
    @Test func buffersHoldingPartOfARecordAreNotReleased() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        let message = Self.pattern(10_000)
        #expect(Self.writeOnce(pair.client, message, from: 0) == message.count)
        var first = [UInt8](repeating: 0, count: 100)
        let result = first.withUnsafeMutableBytes { Transport.tls.read(pair.server, into: $0.baseAddress!, count: 100) }
        #expect(result == .bytes(100))
        #expect(!Transport.tls.releaseBuffers(pair.server))
        var rest: [UInt8] = []
        pair.drain(pair.server, into: &rest)
        #expect(first + rest == message)
    }

    /// `count` bytes of a pattern that does not repeat within a record.
    static func pattern(_ count: Int, _ seed: Int = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 11) &+ seed) }
    }

    /// Writes `bytes[offset...]` through `fd`'s transport once; returns how many were taken.
    static func writeOnce(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> Int {
        let result = bytes.withUnsafeBytes { Transport.tls.write(fd, from: $0.baseAddress! + offset, count: $0.count - offset) }
        switch result {
        case .written(let n): return n
        case .wouldBlock: return 0
        case .error(let error):
            Issue.record("write failed: \(error)")
            return 0
        }
    }

    @Test func ciphertextTheSocketDoesNotTakeWaitsAndItsPlaintextIsOfferedAgain() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        let message = TLSStreamTests.pattern(1 << 20)
        // One write of 1 MiB: records go out four at a time until the socket pair is full; the rest
        // of the last batch's ciphertext waits with the stream, its plaintext not reported taken.
        var offset = TLSStreamTests.writeOnce(pair.client, message, from: 0)
        #expect(offset < message.count)
        #expect(offset % TLSStream.recordSize == 0)
        #expect(pair.clientStream.hasPendingCiphertext)
        // Nobody reads: offering the rest again takes nothing, and the waiting ciphertext stays.
        #expect(message.withUnsafeBytes { Transport.tls.write(pair.client, from: $0.baseAddress! + offset, count: $0.count - offset) } == .wouldBlock)
        #expect(pair.clientStream.hasPendingCiphertext)
        // Once the reader drains, each retry sends the waiting ciphertext first, then reports its
        // plaintext and goes on with the rest (from a fresh copy each time, as an outbound buffer does).
        var received: [UInt8] = []
        for _ in 0..<1_000 where offset < message.count {
            pair.drain(pair.server, into: &received)
            let rest = Array(message[offset...])
            offset += TLSStreamTests.writeOnce(pair.client, rest, from: 0)
        }
        pair.drain(pair.server, into: &received)
        #expect(offset == message.count)
        #expect(!pair.clientStream.hasPendingCiphertext)
        #expect(received == message)
    }

    @Test func whatOpenSSLWritesOutsideAWriteQueuesBehindWaitingCiphertext() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        var ignored: [UInt8] = []
        pair.drain(pair.client, into: &ignored)  // the server's session tickets
        let message = TLSStreamTests.pattern(1 << 20, 3)
        var offset = TLSStreamTests.writeOnce(pair.client, message, from: 0)
        #expect(pair.clientStream.hasPendingCiphertext)
        // The server asks for new keys both ways and says something; the client's read takes the
        // request, and its answer (a KeyUpdate under the old keys) must not overtake the waiting
        // ciphertext: the server decrypts everything only if the order is kept.
        #expect(SSL_key_update(pair.serverStream.ssl, SSL_KEY_UPDATE_REQUESTED) == 1)
        let reply = TLSStreamTests.pattern(100, 9)
        #expect(TLSStreamTests.writeOnce(pair.server, reply, from: 0) == reply.count)
        var fromServer: [UInt8] = []
        pair.drain(pair.client, into: &fromServer)
        #expect(fromServer == reply)
        var received: [UInt8] = []
        for _ in 0..<1_000 where offset < message.count {
            #expect(pair.drain(pair.server, into: &received) == .wouldBlock)
            offset += TLSStreamTests.writeOnce(pair.client, Array(message[offset...]), from: 0)
            pair.drain(pair.client, into: &fromServer)
        }
        let after = TLSStreamTests.pattern(5_000, 5)
        #expect(TLSStreamTests.writeOnce(pair.client, after, from: 0) == after.count)
        #expect(pair.drain(pair.server, into: &received) == .wouldBlock)
        #expect(received == message + after)
        // Both directions run on new keys now, still in order.
        #expect(TLSStreamTests.writeOnce(pair.server, reply, from: 0) == reply.count)
        pair.drain(pair.client, into: &fromServer)
        #expect(fromServer == reply + reply)
    }

    @Test func closeNotifyFollowsCiphertextThatHadToWait() throws {
        let pair = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = pair.handshake()
        SSL_clear_options(pair.serverStream.ssl, wsb_ssl_option_ignore_unexpected_eof)
        let message = TLSStreamTests.pattern(1 << 20, 1)
        var offset = TLSStreamTests.writeOnce(pair.client, message, from: 0)
        #expect(pair.clientStream.hasPendingCiphertext)
        var received: [UInt8] = []
        for _ in 0..<1_000 where offset < message.count {
            pair.drain(pair.server, into: &received)
            offset += TLSStreamTests.writeOnce(pair.client, Array(message[offset...]), from: 0)
        }
        // Everything reported written has reached the socket: close_notify and FIN come after it.
        #expect(!pair.clientStream.hasPendingCiphertext)
        Transport.tls.shutdownWrite(pair.client)
        #expect(pair.drain(pair.server, into: &received) == .endOfFile)
        #expect(received == message)
    }

    @Test func closeNotifyIsTheEndOfTheStreamAndABareCloseIsNot() throws {
        // close_notify, then FIN: the end of the stream even where a bare close would be an error.
        let notified = try TLSStreamPair(client: try clientContext(), server: serverContext)
        _ = notified.handshake()
        SSL_clear_options(notified.serverStream.ssl, wsb_ssl_option_ignore_unexpected_eof)
        Transport.tls.shutdownWrite(notified.client)
        var received: [UInt8] = []
        #expect(notified.drain(notified.server, into: &received) == .endOfFile)

        // A bare TCP close: an error for a strict reader, the end of the stream for ours.
        for strict in [true, false] {
            let bare = try TLSStreamPair(client: try clientContext(), server: serverContext)
            _ = bare.handshake()
            if strict { SSL_clear_options(bare.serverStream.ssl, wsb_ssl_option_ignore_unexpected_eof) }
            try Socket.shutdown(bare.client, .write)
            #expect(bare.drain(bare.server, into: &received) == (strict ? .error(EPROTO) : .endOfFile))
        }
    }
}
