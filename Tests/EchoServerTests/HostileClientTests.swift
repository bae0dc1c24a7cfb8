import Glibc
import Harness
import Testing

/// Hostile clients against `wsbench serve` run as a child process, so that the server's own
/// descriptors (`/proc/PID/fd`) and resident memory (`VmRSS`) can be compared before, during and
/// after each episode. One child at a time (serialized): the figures are the child's alone anyway,
/// but two 10,000-connection episodes at once would only fight over two cores.
///
/// Descriptors must come back exactly. Memory cannot: the server's allocator (jemalloc) keeps freed
/// pages for reuse, and the loop's fd-indexed connection table keeps the size it grew to; each test
/// states its bound and what it was measured at.
@Suite(.serialized) struct HostileClientTests {
    /// Serves one ordinary client (a 300 KiB echo, so that the loop's 256 KiB receive buffer has been
    /// touched), waits until the server holds no connection, and returns its footprint then. (Taken
    /// after a client rather than at start, also because the loop opens its epoll descriptor on its
    /// own thread, possibly after the port file appeared.)
    static func baseline(_ child: ChildServer) throws -> Footprint {
        try HostileEpisodes.ordinaryClient(port: child.port, payloadSize: 300 << 10)
        return try #require(child.waitForNoConnections(seconds: 5), "the warm-up client is still connected")
    }

    /// Writes a line of figures to standard output (they are quoted in the test report).
    static func report(_ line: String) {
        print("[HostileClientTests] \(line)")
    }
}
