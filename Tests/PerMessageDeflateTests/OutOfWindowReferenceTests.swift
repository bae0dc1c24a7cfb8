import BenchSupport
import PerMessageDeflate
import Testing
import WebSocketCore

/// A peer that compresses with a larger window than negotiated (RFC 7692 §7.1.2 forbids it) refers
/// back further than the inflater's window. zlib accepts such a reference when it falls within the
/// output of the current `inflate` call, so the verdict must not depend on anything but the message:
/// in particular not on how large a shared output buffer already is (found by fuzzing).
@Suite struct OutOfWindowReferenceTests {
    /// 4.5 KB whose bytes 4100..<4400 repeat bytes 3100..<3400: a 1000-byte distance, compressed
    /// with a 15-bit window, read under a 9-bit one.
    static let message: [UInt8] = {
        var random = SplitMix64(seed: 7)
        let head = (0..<4100).map { _ in UInt8.random(in: 0...255, using: &random) }
        return head + head[3100..<3400] + (0..<100).map { _ in UInt8.random(in: 0...255, using: &random) }
    }()

    @Test func verdictDoesNotDependOnTheOutputBufferCapacity() throws {
        let payload = compressed(MessageDeflater(windowBits: 15, noContextTakeover: true, level: 9), Self.message)
        let capacities = [0, 4096, 8192, 1 << 16, 1 << 20]
        let verdicts = capacities.map { capacity -> String in
            let inflater = MessageInflater(
                windowBits: 9, noContextTakeover: false, maximumMessageSize: 1 << 20, buffer: DeflateBuffer(capacity: capacity))
            do {
                let bytes = try inflated(inflater, [payload])
                return bytes == Self.message ? "the message" : "\(bytes.count) other bytes"
            } catch {
                return "\(error)"
            }
        }
        #expect(Set(verdicts).count == 1, "\(Array(zip(capacities, verdicts)))")
    }
}
