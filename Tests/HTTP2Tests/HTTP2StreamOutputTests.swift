import HTTP2
import Testing

@Suite("HTTP2StreamOutput")
struct HTTP2StreamOutputTests {
    func take(_ output: inout HTTP2StreamOutput, _ maximum: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: maximum)
        let n = bytes.withUnsafeMutableBytes { output.take(into: $0.baseAddress!, maximum: maximum) }
        return Array(bytes[..<n])
    }

    @Test func bytesComeOutInOrderInPiecesAndTheStorageIsFreedWhenDrained() {
        var output = HTTP2StreamOutput()
        #expect(output.allocatedByteCount == 0)
        ([1, 2, 3, 4, 5] as [UInt8]).withUnsafeBytes { output.append($0) }
        ([6, 7] as [UInt8]).withUnsafeBytes { output.append($0) }
        #expect(output.pendingByteCount == 7)
        #expect(take(&output, 3) == [1, 2, 3])
        ([8] as [UInt8]).withUnsafeBytes { output.append($0) }
        #expect(take(&output, 100) == [4, 5, 6, 7, 8])
        #expect(output.isEmpty)
        #expect(output.allocatedByteCount == 0)
        #expect(take(&output, 10) == [])
    }

    @Test func largeAppendsGrowTheStorage() {
        var output = HTTP2StreamOutput()
        let big = (0..<20_000).map { UInt8(truncatingIfNeeded: $0) }
        big.withUnsafeBytes { output.append($0) }
        big.withUnsafeBytes { output.append($0) }
        var all: [UInt8] = []
        while !output.isEmpty { all += take(&output, 16384) }
        #expect(all == big + big)
        output.release()
    }
}
