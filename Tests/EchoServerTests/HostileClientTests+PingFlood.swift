import Glibc
import Harness
import Testing
import WebSocketCore

extension HostileClientTests {
    /// A client sends 125-byte pings as fast as it can and never reads the pongs. Once the pongs
    /// the server could not send pass its high-water mark (1 MiB), it stops reading that client
    /// (backpressure), so the client's sends stall and the server's memory stays bounded however
    /// much the client tries to push. Meanwhile another client is served; after the flooder goes,
    /// descriptors are back to baseline.
    @Test func pingFloodIsStoppedByBackpressureWithBoundedMemory() throws {
        let child = try ChildServer()
        let baseline = try Self.baseline(child)
        var peakKiB = baseline.residentKiB
        do {
            let flooder = try upgradedClient(port: child.port)
            let pings = TestClient.maskedFrames(.ping, count: 512, payloadLength: 125)
            let flood = flooder.flood(pings, upTo: 64 << 20, stallSeconds: 1) {
                peakKiB = max(peakKiB, child.footprint.residentKiB)
            }
            let during = child.footprint
            peakKiB = max(peakKiB, during.residentKiB)
            Self.report(
                "ping flood: pushed \(flood.pushed) bytes (\(flood.pushed / (pings.count / 512)) pings) in \(flood.seconds) s, "
                    + "stalled: \(flood.stalled); baseline \(baseline), during \(during), peak RSS \(peakKiB) KiB")
            #expect(flood.stalled, "the server kept reading a client that never reads its pongs")
            #expect(flood.pushed >= 4 << 20, "well past what the server may hold")
            // What the server holds for the flooder: at most the high-water mark (1 MiB) plus one
            // read's worth of pongs (256 KiB), in an outbound buffer that grows by doubling to
            // 2 MiB. Measured: +1.4 MiB while the client pushed 11 MB (the rest waits in the
            // kernel's socket buffers, which are not the server's RSS).
            #expect(peakKiB - baseline.residentKiB < 4 << 10, "RSS grew by \(peakKiB - baseline.residentKiB) KiB")

            // Another client is served while the flooder is connected and stalled.
            try HostileEpisodes.ordinaryClient(port: child.port)
        }  // The flooder closes with unread pongs: a reset, which the server sees even while not reading it.
        let after = child.waitForDescriptors(baseline.descriptors, seconds: 5)
        Self.report("ping flood: after \(after)")
        #expect(after.descriptors == baseline.descriptors)
        // jemalloc keeps the freed outbound buffer's pages for reuse (measured: all 1.4 MiB of them).
        #expect(after.residentKiB - baseline.residentKiB < 3 << 10)
        let counters = child.stop()
        #expect((counters["backpressure_pauses"] ?? 0) >= 1)
    }
}
