import BenchSupport
import EchoServer
import EpollIO
import Glibc
import Testing

/// `wsbench serve --tls-self-signed` as a child process, checked from outside with clients that share
/// no code with it: Python's `ssl` module (TLS 1.2 and 1.3, ALPN, SNI, close_notify, the test page
/// over https), a hand-made TLS 1.1 ClientHello, a plaintext HTTP client, and a client that stalls
/// inside the handshake.
@Suite struct TLSServerTests {
    /// A child server with a self-signed certificate, plus `arguments`.
    func tlsServer(_ arguments: [String] = []) throws -> ChildServer {
        try ChildServer([ServeOption.tlsSelfSigned.flag] + arguments)
    }

    /// The fingerprint the server printed on standard error at start.
    func printedFingerprint(_ server: ChildServer) throws -> TLSFingerprint? {
        let log = try FileSystem.read(server.directory + "/server.log")
        guard let line = log.split(separator: "\n").first(where: { $0.contains("SHA-256 fingerprint") }) else { return nil }
        return line.split(separator: " ").last.flatMap { TLSFingerprint(hex: String($0)) }
    }

    @Test(.enabled(if: PythonTLSClient.isAvailable), arguments: ["1.3", "1.2"])
    func echoesOverTLSWithALPNAndCloseNotify(version: String) throws {
        let server = try tlsServer()
        let seen = try PythonTLSClient.run("echo", port: server.port, ["--tls", version])
        #expect(seen["error"] == nil)
        #expect(seen["version"] == "TLSv\(version)")
        #expect(seen["alpn"] == "http/1.1")
        #expect(seen["status"]?.hasPrefix("HTTP/1.1 101") == true)
        #expect(seen["echoes"] == "ok,ok,ok,ok,ok,ok")
        #expect(seen["close"] == "8:1000")
        // The server's close_notify, not a bare TCP close, ended the stream.
        #expect(seen["end"] == "close_notify")
        let counters = server.stop()
        #expect(counters["tls_handshakes"] == 1)
        #expect(counters["messages_echoed"] == 6)
        #expect(counters["tls_handshake_failures"] == 0)
    }

    @Test(.enabled(if: PythonTLSClient.isAvailable))
    func anyServerNameGetsTheOnlyCertificate() throws {
        let server = try tlsServer()
        let printed = try printedFingerprint(server)
        #expect(printed != nil)
        for name in ["localhost", "wrong.example.org"] {
            let seen = try PythonTLSClient.run("hello", port: server.port, ["--sni", name])
            #expect(seen["done"] == "true", "\(seen)")
            #expect(seen["fingerprint"].flatMap(TLSFingerprint.init(hex:)) == printed, "SNI \(name)")
        }
        _ = server.stop()
    }

    @Test(.enabled(if: PythonTLSClient.isAvailable))
    func theTestPageIsServedOverHTTPS() throws {
        let server = try tlsServer()
        let seen = try PythonTLSClient.run("page", port: server.port)
        #expect(seen["status"] == "HTTP/1.1 200 OK", "\(seen)")
        #expect(seen["html"] == "True")
        _ = server.stop()
    }

    @Test func tls11IsRefusedWithAProtocolVersionAlert() throws {
        let server = try tlsServer()
        do {
            let client = try TestClient(port: server.port)
            client.send(TLSServerTests.tls11ClientHello)
            let answer = client.receiveAll()
            // One alert record (content type 21): fatal (2) protocol_version (70); then the end.
            #expect(answer.count == 7, "\(answer)")
            #expect(answer.first == 21 && answer.dropFirst(5).first == 2 && answer.dropFirst(6).first == 70, "\(answer)")
        }
        let counters = server.stop()
        #expect(counters["tls_handshake_failures"] == 1)
        #expect(counters["tls_handshakes"] == 0)
    }

    @Test func aPlaintextClientGets400AndAnOrderlyClose() throws {
        let server = try tlsServer()
        do {
            let client = try TestClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let (bytes, end) = readToTheEnd(client)
            let response = String(decoding: bytes, as: UTF8.self)
            #expect(statusCode(response) == 400, "\(response)")
            #expect(response.contains("https://"))
            #expect(end == "end of stream")
        }
        let counters = server.stop()
        #expect(counters["http_responses"] == 1)
        #expect(counters["tls_handshake_failures"] == 1)
    }

    @Test func aClientThatStopsMidHandshakeIsClosedAtTheHandshakeTimeout() throws {
        let server = try tlsServer(ServeOption.handshakeTimeout.arguments("1"))
        do {
            let client = try TestClient(port: server.port)
            // The first 20 bytes of the TLS 1.1 hello: a record the server starts reading and never gets whole.
            client.send(Array(TLSServerTests.tls11ClientHello.prefix(20)))
            #expect(client.peerHasClosed(waitingMilliseconds: 4_000))
        }
        let counters = server.stop()
        #expect(counters["handshake_timeouts"] == 1)
        #expect(counters["tls_handshakes"] == 0)
    }

    /// Reads until the server ends the connection: the bytes and how it ended ("end of stream",
    /// "reset", or "timeout" after 5 s of silence).
    func readToTheEnd(_ client: TestClient) -> ([UInt8], String) {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                all += buffer.prefix(n)
                continue
            }
            if n == 0 { return (all, "end of stream") }
            if errno == EINTR { continue }
            return (all, errno == ECONNRESET ? "reset" : "timeout")
        }
    }

    /// A TLS 1.1 ClientHello (record version 3.1, client_version 3.2, no supported_versions
    /// extension), as an old client sends it: a server that requires TLS 1.2 must refuse it.
    static var tls11ClientHello: [UInt8] {
        var body: [UInt8] = [0x03, 0x02]  // client_version TLS 1.1
        body += (0..<32).map { UInt8($0) }  // random
        body += [0x00]  // no session id
        body += [0x00, 0x04, 0xC0, 0x09, 0x00, 0x2F]  // ECDHE-ECDSA-AES128-SHA, AES128-SHA
        body += [0x01, 0x00]  // null compression
        let handshake: [UInt8] = [0x01, 0x00, UInt8(body.count >> 8), UInt8(body.count & 0xff)] + body
        return [0x16, 0x03, 0x01, UInt8(handshake.count >> 8), UInt8(handshake.count & 0xff)] + handshake
    }
}
