import BenchSupport
import Glibc
import Harness
import Testing
import WebSocketCore

/// What ``TestClient/flood(_:upTo:stallSeconds:sample:)`` managed.
struct FloodResult {
    /// Bytes the kernel took.
    var pushed = 0
    var seconds = 0.0
    /// True if sending made no progress for the stall time before the limit was reached.
    var stalled = false
}

extension TestClient {
    /// Sends `chunk` over and over without reading anything, until `limit` bytes have gone or no
    /// byte has gone for `stallSeconds`; calls `sample` about every 20 ms meanwhile.
    func flood(_ chunk: [UInt8], upTo limit: Int, stallSeconds: Double, sample: () -> Void) -> FloodResult {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        var result = FloodResult()
        let start = SystemClock.monotonicSeconds()
        var lastProgress = start
        var lastSample = start
        var offset = 0
        while result.pushed < limit {
            let n = chunk.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            let now = SystemClock.monotonicSeconds()
            if n > 0 {
                result.pushed += n
                offset = (offset + n) % chunk.count
                lastProgress = now
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                if now - lastProgress >= stallSeconds {
                    result.stalled = true
                    break
                }
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 20)
            } else {
                Issue.record("flood: send failed after \(result.pushed) bytes, \(now - start) s: \(String(cString: strerror(errno)))")
                break
            }
            if now - lastSample >= 0.02 {
                sample()
                lastSample = now
            }
        }
        result.seconds = SystemClock.monotonicSeconds() - start
        return result
    }

    /// `count` masked frames of `opcode` with `payloadLength`-byte payloads, back to back.
    static func maskedFrames(_ opcode: Opcode, count: Int, payloadLength: Int) -> [UInt8] {
        let payload = [UInt8](repeating: 0x70, count: payloadLength)
        let header = FrameHeader(opcode: opcode, maskingKey: MaskingKey(packed: 0x1234_5678), payloadLength: payloadLength)
        var frame = [UInt8](repeating: 0, count: FrameEncoder.frameLength(payloadLength: payloadLength, masked: true))
        _ = frame.withUnsafeMutableBytes { dst in payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: dst.baseAddress!) } }
        return Array([[UInt8]](repeating: frame, count: count).joined())
    }
}
