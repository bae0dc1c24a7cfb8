import BenchSupport
import EchoServer
import EpollIO
import Glibc
import LoadGenerator
import Testing

/// `wsbench load wss://…` against the wsbench echo server serving TLS in process, over loopback:
/// verification off and against a CA file (the server's own self-signed certificate, in memory or
/// made by `openssl req -x509`), session resumption across connections, and the `tls_failed` cases
/// (unknown CA, wrong host name, a plaintext server on a wss:// URL).
@Suite("wss:// targets")
struct SecureTargetTests {
    /// A wss:// load configuration for `port` on 127.0.0.1 (or `url`), verification `verification`.
    func configuration(port: Int, url: String? = nil, verification: TLSVerification) -> LoadConfiguration {
        var c = testConfiguration(port: port)
        c.target = TargetURL(url ?? "wss://127.0.0.1:\(port)/ws")!
        c.tlsVerification = verification
        c.messageCount = 60
        return c
    }

    /// Runs `body` with a TLS echo server presenting `identity`.
    func withTLSServer<T>(_ identity: TLSIdentity, _ body: (EchoServer) throws -> T) throws -> T {
        let context = try TLSContext.server(identity: identity)
        return try withEchoServer({ $0.tls = context }, body)
    }

    @Test("--insecure: every echo verified, TLS timed separately, sessions resumed across connections")
    func insecure() throws {
        let identity = try TLSIdentity.selfSigned()
        let result = try withTLSServer(identity) { server in
            var c = configuration(port: server.port, verification: .none)
            c.connections = 6
            c.connectRate = 50  // later connections start after earlier ones received their tickets
            return try runLoad(c)
        }
        #expect(result.isClean, "\(result.summary)")
        #expect(result.counters.messagesReceived == 60)
        #expect(result.counters.tlsHandshakes == 6)
        #expect(result.counters.tlsResumed > 0)
        #expect(result.tlsTime.totalCount == 6 && result.connectTime.totalCount == 6 && result.handshakeTime.totalCount == 6)
        #expect(result.summary.contains("tls         "))
        #expect(result.json(environment: RunEnvironment.current()).contains("\"tls_resumed\""))
        #expect(LoadResult.csvHeader.contains(",tls_handshakes,tls_resumed"))
    }

    @Test("64 KiB to 1 MiB messages over TLS, several in flight: every echo verified both ways")
    func largeMessages() throws {
        let identity = try TLSIdentity.selfSigned()
        let result = try withTLSServer(identity) { server in
            var c = configuration(port: server.port, verification: .none)
            c.connections = 2
            c.sizes = [64 << 10, 300_001, 1 << 20]
            c.mode = .closedLoop(inFlight: 4)
            c.messageCount = 24
            return try runLoad(c)
        }
        #expect(result.isClean, "\(result.summary)")
        #expect(result.counters.messagesReceived == 24)
    }

    @Test("--ca with the server's certificate (openssl req -x509, SAN 127.0.0.1/localhost): verified, every echo checked")
    func caFile() throws {
        let directory = try TemporaryDirectory(prefix: "wsbench-load")
        defer { directory.remove() }
        let certificate = directory.path + "/server.crt", key = directory.path + "/server.key"
        _ = ShellCommand.firstLine(
            of: "/usr/bin/openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 "
                + "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout \(key) -out \(certificate) 2>/dev/null")
        let identity = try TLSIdentity.load(certificateFile: certificate, keyFile: key)
        let result = try withTLSServer(identity) { server in
            var byName = configuration(
                port: server.port, url: "wss://localhost:\(server.port)/ws", verification: .certificateAuthorities(file: certificate))
            byName.addresses = [SocketAddress(host: "127.0.0.1", port: UInt16(server.port))!]
            let named = try runLoad(byName)
            let byAddress = try runLoad(configuration(port: server.port, verification: .certificateAuthorities(file: certificate)))
            return (named, byAddress)
        }
        #expect(result.0.isClean, "\(result.0.summary)")
        #expect(result.0.counters.messagesReceived == 60)
        #expect(result.1.isClean, "\(result.1.summary)")
        #expect(result.1.counters.messagesReceived == 60)
    }

    @Test("verification against the system store: a self-signed certificate is an unknown CA (tls_failed)")
    func unknownCA() throws {
        let result = try withTLSServer(try TLSIdentity.selfSigned()) { server in
            try runLoad(configuration(port: server.port, verification: .systemTrustStore))
        }
        #expect(result.counters[.tlsFailed] == 4)
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.notes.contains { $0.contains("unknown CA") && $0.contains("tls_failed") })
    }

    @Test("a certificate for another name, connecting by localhost: wrong host (tls_failed)")
    func wrongHost() throws {
        let identity = try TLSIdentity.selfSigned(commonName: "other.test", alternativeNames: "DNS:other.test")
        let directory = try TemporaryDirectory(prefix: "wsbench-load")
        defer { directory.remove() }
        let ca = directory.path + "/other.crt"
        try FileSystem.write(identity.certificatePEM, to: ca)
        let result = try withTLSServer(identity) { server in
            var c = configuration(
                port: server.port, url: "wss://localhost:\(server.port)/ws", verification: .certificateAuthorities(file: ca))
            c.addresses = [SocketAddress(host: "127.0.0.1", port: UInt16(server.port))!]
            return try runLoad(c)
        }
        #expect(result.counters[.tlsFailed] == 4)
        #expect(result.notes.contains { $0.contains("wrong host") }, "\(result.notes)")
    }

    @Test("a plaintext server on a wss:// URL: tls_failed, the server does not speak TLS")
    func plaintextServer() throws {
        let result = try withEchoServer { server in
            try runLoad(configuration(port: server.port, verification: .none))
        }
        #expect(result.counters[.tlsFailed] == 4)
        #expect(result.counters.connectionsOpened == 0)
        #expect(result.notes.contains { $0.contains("does not speak TLS") && $0.contains("tls_failed") }, "\(result.notes)")
    }

    @Test("a server that never answers the ClientHello: handshake_timeout, the note says TLS")
    func tlsStall() throws {
        // A socket that listens and never accepts: the kernel completes TCP, the ClientHello waits unread.
        let listener = try Socket.makeListener(address: SocketAddress(host: "127.0.0.1", port: 0)!, backlog: 16)
        defer { Socket.close(listener) }
        let port = Int(try Socket.localAddress(listener).port)
        var c = configuration(port: port, verification: .none)
        c.connections = 2
        c.connectTimeoutSeconds = 1
        let result = try runLoad(c)
        #expect(result.counters[.handshakeTimeout] == 2)
        #expect(result.counters[.tlsFailed] == 0)
        #expect(result.notes.contains { $0.contains("did not complete the TLS handshake") }, "\(result.notes)")
    }

    @Test("--ca and --insecure are for wss:// only; a CA file that cannot be read stops the run before it starts")
    func configurationProblems() {
        var c = testConfiguration(port: 1)
        c.tlsVerification = .none
        #expect(c.validate() == "--ca and --insecure are for wss:// targets")
        var s = configuration(port: 1, verification: .certificateAuthorities(file: "/nonexistent/ca.pem"))
        #expect(s.validate() == nil)
        s.messageCount = 1
        #expect(throws: LoadError.self) { try LoadRun.start(s) }
    }
}
