import BenchSupport
import EchoServer
import Harness
import Testing

extension HostileClientTests {
    /// Clients that vanish without a close: they stay connected but never read, never answer the
    /// keep-alive ping and never send again. One is merely silent; the other first sent messages
    /// until the server's echoes filled every buffer between them, so that the server can deliver
    /// neither its ping nor its close frame. The server must drop both by itself — idle timeout,
    /// close frame, close timeout — while the clients still hold on.
    @Test func silentClientsAreDroppedAfterTheIdleTimeout() throws {
        let idle = 2.0
        let closeTimeout = 0.5
        let child = try ChildServer(
            ServeOption.keepAlive.arguments("0.5") + ServeOption.idleTimeout.arguments(String(idle))
                + ServeOption.closeTimeout.arguments(String(closeTimeout)))
        let baseline = try Self.baseline(child)
        let messages = TestClient.maskedFrames(.binary, count: 4, payloadLength: 64 << 10)

        let silent = try upgradedClient(port: child.port)
        let stuffed = try upgradedClient(port: child.port)
        let during = child.waitForDescriptors(baseline.descriptors + 2, seconds: 5)
        #expect(during.descriptors == baseline.descriptors + 2)
        let stuffing = stuffed.flood(messages, upTo: 256 << 20, stallSeconds: 0.5) {}
        #expect(stuffing.stalled, "the server kept reading a client that never reads its echoes")
        let quietSince = SystemClock.monotonicSeconds()

        let after = child.waitForDescriptors(baseline.descriptors, seconds: idle + closeTimeout + 3)
        Self.report(
            "silent clients: stuffed \(stuffing.pushed) bytes in \(stuffing.seconds) s; baseline \(baseline), "
                + "during \(during), after \(after) \(SystemClock.monotonicSeconds() - quietSince) s after the last byte")
        #expect(after.descriptors == baseline.descriptors, "the server still holds a silent client")
        // jemalloc keeps the stuffed client's freed outbound buffer (2 MiB) for reuse: measured +1.3 MiB.
        #expect(after.residentKiB - baseline.residentKiB < 3 << 10)

        // Only now do the clients look: ping, close 1001, end of stream.
        #expect(silent.next() == .ping([]))
        #expect(silent.next() == .close(1001, "idle timeout"))
        #expect(silent.isClosedByPeer())
        #expect(stuffed.drainUntilClosed())
        let counters = child.stop()
        #expect(counters["idle_timeouts"] == 2)
        #expect((counters["backpressure_pauses"] ?? 0) >= 1)
    }
}
