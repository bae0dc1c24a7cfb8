import EchoServer
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
    let client = try TestClient(port: server.port)
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
