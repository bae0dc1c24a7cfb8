import EchoServer
import EpollIO
import Glibc
import LoadGenerator
import Synchronization
import Testing
import WebSocketCore

/// Starts a one-loop wsbench echo server on a free loopback port, runs `body`, stops the server.
func withEchoServer<T>(_ configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: (EchoServer) throws -> T) throws -> T {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.threads = 1
    configure(&configuration)
    let server = try EchoServer.start(configuration)
    defer {
        server.stop()
        _ = server.wait()
    }
    return try body(server)
}

/// A load configuration for a loopback port with small, bounded defaults for tests.
func testConfiguration(port: Int, path: String = ServerConfiguration.defaultPath) -> LoadConfiguration {
    var c = LoadConfiguration(target: TargetURL("ws://127.0.0.1:\(port)\(path)")!)
    c.threads = 1
    c.connections = 4
    c.durationSeconds = 30  // an upper bound: tests use message counts or end by themselves
    c.drainSeconds = 2
    c.connectTimeoutSeconds = 5
    return c
}

/// Runs a load to the end and returns its result (fails the test if it cannot start).
func runLoad(_ configuration: LoadConfiguration) throws -> LoadResult {
    try LoadRun.start(configuration).wait()
}

/// A TCP socket bound to 127.0.0.1 on a port the kernel chose, and that port.
func boundLoopbackSocket() -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
func unusedPort() -> Int {
    let (fd, port) = boundLoopbackSocket()
    close(fd)
    return port
}

/// Hands a test server to the loop thread it starts from its own `init` (the thread waits until the
/// server exists).
final class ServerHandoff<Server: AnyObject & Sendable>: Sendable {
    let value = Mutex<Server?>(nil)
    func set(_ server: Server) { value.withLock { $0 = server } }
    var server: Server? {
        while true {
            if let server = value.withLock({ $0 }) { return server }
            usleep(1000)
        }
    }
}
