import HTTP2
import Testing

@Suite("HTTP2StreamOutput that keeps its storage (the load generator's streams)")
struct HTTP2StreamOutputKeepingStorageTests {
    @Test("bytes come out in order across partial takes, and storage is kept for reuse")
    func order() {
        var bytes = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        let first: [UInt8] = Array(0..<100)
        let second: [UInt8] = Array(100..<200)
        first.withUnsafeBytes { bytes.append($0) }
        second.withUnsafeBytes { bytes.append($0) }
        #expect(bytes.pendingByteCount == 200)
        var out = [UInt8](repeating: 0, count: 200)
        let a = out.withUnsafeMutableBytes { bytes.take(into: $0.baseAddress!, maximum: 70) }
        let b = out.withUnsafeMutableBytes { bytes.take(into: $0.baseAddress! + 70, maximum: 1000) }
        #expect(a == 70 && b == 130)
        #expect(out == first + second)
        #expect(bytes.isEmpty)
        let held = bytes.allocatedByteCount
        #expect(held > 0)
        first.withUnsafeBytes { bytes.append($0) }
        #expect(bytes.allocatedByteCount == held)
        bytes.release()
        #expect(bytes.allocatedByteCount == 0 && bytes.isEmpty)
    }

    @Test("grows past its first allocation without losing waiting bytes")
    func grows() {
        var bytes = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        let big = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        [UInt8](repeating: 9, count: 10).withUnsafeBytes { bytes.append($0) }
        var skip = [UInt8](repeating: 0, count: 10)
        _ = skip.withUnsafeMutableBytes { bytes.take(into: $0.baseAddress!, maximum: 5) }
        big.withUnsafeBytes { bytes.append($0) }
        var out = [UInt8](repeating: 0, count: 10_005)
        let n = out.withUnsafeMutableBytes { bytes.take(into: $0.baseAddress!, maximum: 20_000) }
        #expect(n == 10_005)
        #expect(Array(out[0..<5]) == [9, 9, 9, 9, 9])
        #expect(Array(out[5...]) == big)
        bytes.release()
    }

    @Test("an empty buffer gives nothing")
    func empty() {
        var bytes = HTTP2StreamOutput(keepsStorageWhenDrained: true)
        var out = [UInt8](repeating: 0, count: 4)
        #expect(out.withUnsafeMutableBytes { bytes.take(into: $0.baseAddress!, maximum: 4) } == 0)
    }
}
