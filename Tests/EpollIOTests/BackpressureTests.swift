import EpollIO
import Testing

@Suite("OutboundBuffer and backpressure")
struct BackpressureTests {
    /// Byte `i` of the test stream.
    static func pattern(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8) }

    @Test("A peer that does not read fills the socket: wouldBlock, pending bytes, water marks, then a full drain")
    func fillAndDrain() throws {
        let listener = try Socket.makeListener(address: Loopback.anyPort)
        defer { Socket.close(listener) }
        let destination = try Socket.localAddress(listener)
        let client = try Loopback.connect(destination)
        defer { Socket.close(client) }
        let server = try Loopback.acceptOne(listener)
        defer { Socket.close(server) }
        try Socket.setSendBufferSize(server, 4096)

        // Raw writes until the kernel refuses: the peer is not reading.
        let chunk = [UInt8](repeating: 0xAB, count: 16 * 1024)
        var rawWritten = 0
        var sawWouldBlock = false
        for _ in 0..<10_000 {
            let result = chunk.withUnsafeBytes { Socket.write(server, $0) }
            if case .written(let n) = result { rawWritten += n; continue }
            #expect(result == .wouldBlock)
            sawWouldBlock = true
            break
        }
        #expect(sawWouldBlock)
        #expect(rawWritten > 0)

        // Now through an OutboundBuffer: everything is kept, in order.
        let marks = BackpressureWaterMarks(high: 64 * 1024, low: 8 * 1024)
        var outbound = OutboundBuffer()
        #expect(outbound.allocatedByteCount == 0)
        let streamLength = 200 * 1024
        let stream = (0..<streamLength).map(Self.pattern)
        var offset = 0
        var paused = false
        while offset < streamLength, !paused {
            let piece = min(10_000, streamLength - offset)
            let result = stream.withUnsafeBytes { outbound.write(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + piece)]), to: server) }
            if case .error = result { Issue.record("write failed: \(result)"); return }
            offset += piece
            paused = marks.shouldPauseReading(pendingBytes: outbound.pendingByteCount)
        }
        #expect(paused)
        #expect(outbound.pendingByteCount > marks.high)
        #expect(outbound.allocatedByteCount >= outbound.pendingByteCount)

        // The peer reads; the server flushes whenever it can, until drained.
        var received: [UInt8] = []
        let expectedTotal = rawWritten + offset
        var resumed = false
        var chunkIn = [UInt8](repeating: 0, count: 8192)
        var iterations = 0
        while received.count < expectedTotal, iterations < 100_000 {
            iterations += 1
            let result = chunkIn.withUnsafeMutableBytes { Socket.read(client, into: $0.baseAddress!, count: $0.count) }
            switch result {
            case .bytes(let n):
                received += chunkIn[..<n]
            case .wouldBlock:
                if outbound.isEmpty {
                    _ = try Loopback.wait(client, for: .readable, timeoutMilliseconds: 1000)
                } else {
                    _ = try Loopback.wait(server, for: .writable, timeoutMilliseconds: 1000)
                }
            case .endOfFile, .error:
                Issue.record("unexpected \(result)")
                return
            }
            if !outbound.isEmpty {
                let flushed = outbound.flush(to: server)
                if case .error = flushed { Issue.record("flush failed: \(flushed)"); return }
            }
            if !resumed, marks.shouldResumeReading(pendingBytes: outbound.pendingByteCount) { resumed = true }
        }
        #expect(resumed)
        #expect(outbound.isEmpty)
        #expect(outbound.allocatedByteCount == 0)
        #expect(received.count == expectedTotal)
        #expect(received[..<rawWritten].allSatisfy { $0 == 0xAB })
        #expect(Array(received[rawWritten...]) == Array(stream[..<offset]))
    }

    @Test("append compacts and grows while keeping byte order")
    func appendGrowsAndCompacts() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        var outbound = OutboundBuffer()
        let first = (0..<3000).map(Self.pattern)
        first.withUnsafeBytes { outbound.append($0) }
        #expect(outbound.allocatedByteCount == 4096)
        // Send a prefix for real, so the buffer has a consumed head.
        #expect(outbound.flush(to: server) == .drained)
        #expect(outbound.allocatedByteCount == 0)

        let second = (0..<10_000).map(Self.pattern)
        second.withUnsafeBytes { outbound.append(UnsafeRawBufferPointer(rebasing: $0[..<3000])) }
        second.withUnsafeBytes { outbound.append(UnsafeRawBufferPointer(rebasing: $0[3000...])) }
        #expect(outbound.pendingByteCount == 10_000)
        #expect(outbound.allocatedByteCount == 16384)
        #expect(Array(outbound.pendingBytes) == second)
        outbound.release()
        #expect(outbound.isEmpty && outbound.allocatedByteCount == 0)
        #expect(try Loopback.readExactly(client, count: 3000) == first)
    }

    @Test("Two-part writes through a non-empty buffer queue behind it")
    func twoPartWriteQueues() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        var outbound = OutboundBuffer()
        Array("A".utf8).withUnsafeBytes { outbound.append($0) }
        let result = Array("BC".utf8).withUnsafeBytes { h in Array("DEF".utf8).withUnsafeBytes { p in outbound.write(h, p, to: server) } }
        #expect(result == .pending)
        #expect(outbound.flush(to: server) == .drained)
        let direct = Array("GH".utf8).withUnsafeBytes { h in Array("IJ".utf8).withUnsafeBytes { p in outbound.write(h, p, to: server) } }
        #expect(direct == .drained)
        #expect(try Loopback.readExactly(client, count: 10) == Array("ABCDEFGHIJ".utf8))
    }
}
