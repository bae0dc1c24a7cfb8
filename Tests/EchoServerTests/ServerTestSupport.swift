import EchoServer
import PerMessageDeflate
import Testing
import WebSocketCore

/// Starts a one-loop server on a free loopback port, runs `body`, then stops it and returns its counters.
@discardableResult
func withServer(
    _ configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (EchoServer) throws -> Void
) throws -> ServerCounters {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.threads = 1
    configure(&configuration)
    let server = try EchoServer.start(configuration)
    defer { }
    do {
        try body(server)
    } catch {
        server.stop()
        _ = server.wait()
        throw error
    }
    server.stop()
    let counters = server.wait()
    #expect(server.failures.isEmpty)
    return counters
}

/// A client that has completed the handshake.
func upgradedClient(_ server: EchoServer, origin: String? = nil) throws -> TestClient {
    try upgradedClient(port: server.port, origin: origin)
}

/// A client that has completed the handshake with the server on 127.0.0.1:`port`.
func upgradedClient(port: Int, origin: String? = nil) throws -> TestClient {
    let client = try TestClient(port: port)
    guard case .accepted = client.upgrade(origin: origin) else {
        Issue.record("handshake failed")
        throw TestClientError.system("handshake", 0)
    }
    return client
}

/// The status code of an HTTP response text ("HTTP/1.1 404 Not Found…" → 404).
func statusCode(_ response: String) -> Int? {
    let parts = response.split(separator: " ", maxSplits: 2)
    return parts.count >= 2 ? Int(parts[1]) : nil
}

/// A client that negotiated permessage-deflate with the server on 127.0.0.1:`port`; returns it with
/// its session.
func compressedClient(port: Int, offer options: DeflateClientOptions = DeflateClientOptions()) throws -> (TestClient, DeflateSession) {
    let client = try TestClient(port: port)
    guard case .accepted(let acceptance) = client.upgrade(extensions: DeflateNegotiation.offer(options)) else {
        Issue.record("handshake failed")
        throw TestClientError.system("handshake", 0)
    }
    let parameters = try DeflateNegotiation.validateResponse(acceptance.extensions, offered: options)
    guard let parameters else {
        Issue.record("server declined compression")
        throw TestClientError.system("no deflate", 0)
    }
    client.reader.frames.rules.allowedReservedBits = FrameHeader.rsv1
    return (client, DeflateSession(client: parameters, options: options))
}
