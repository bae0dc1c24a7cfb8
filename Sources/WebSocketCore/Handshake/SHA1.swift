/// A 20-byte SHA-1 digest, stored inline (no heap allocation).
public struct SHA1Digest: Hashable, Sendable {
    /// The five state words, each already converted to big-endian so that the tuple's memory
    /// holds the digest bytes in order.
    @usableFromInline var words: (UInt32, UInt32, UInt32, UInt32, UInt32)

    /// Creates a digest from the five SHA-1 state words in host byte order.
    @inlinable
    init(h0: UInt32, h1: UInt32, h2: UInt32, h3: UInt32, h4: UInt32) {
        words = (h0.bigEndian, h1.bigEndian, h2.bigEndian, h3.bigEndian, h4.bigEndian)
    }

    /// The number of bytes in a digest.
    public static var byteCount: Int { 20 }

    /// Calls `body` with the 20 digest bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words) { try body($0) }
    }

    /// The digest bytes as an array (allocates; meant for tests and diagnostics).
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The digest as 40 lowercase hexadecimal digits (allocates; meant for tests and diagnostics).
    public var hexString: String {
        let digits: [Character] = Array("0123456789abcdef")
        var result = ""
        result.reserveCapacity(40)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0xF)])
        }
        return result
    }

    public static func == (lhs: SHA1Digest, rhs: SHA1Digest) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1 && lhs.words.2 == rhs.words.2
            && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// SHA-1 (FIPS 180-4 §6.1), one-shot. Used only to compute `Sec-WebSocket-Accept`
/// (RFC 6455 §4.2.2), where SHA-1's cryptographic weakness does not matter.
public enum SHA1 {
    /// Returns the SHA-1 digest of `message`.
    public static func hash(_ message: UnsafeRawBufferPointer) -> SHA1Digest {
        var state = State()
        let count = message.count
        let fullBlocks = count / 64
        if let base = message.baseAddress {
            for block in 0..<fullBlocks {
                state.compress(base + block &* 64)
            }
        }
        // The tail: the remaining 0…63 bytes, the 0x80 marker, zero padding and the 64-bit bit length,
        // in one or two blocks.
        let tailCount = count - fullBlocks &* 64
        return withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { tail in
            tail.initializeMemory(as: UInt8.self, repeating: 0)
            if tailCount > 0, let base = message.baseAddress {
                tail.baseAddress!.copyMemory(from: base + fullBlocks &* 64, byteCount: tailCount)
            }
            tail[tailCount] = 0x80
            let blocks = tailCount < 56 ? 1 : 2
            let bitLength = UInt64(truncatingIfNeeded: count) &* 8
            tail.storeBytes(of: bitLength.bigEndian, toByteOffset: blocks &* 64 &- 8, as: UInt64.self)
            for block in 0..<blocks {
                state.compress(UnsafeRawPointer(tail.baseAddress! + block &* 64))
            }
            return SHA1Digest(h0: state.h0, h1: state.h1, h2: state.h2, h3: state.h3, h4: state.h4)
        }
    }

    /// Returns the SHA-1 digest of `message`.
    public static func hash(_ message: [UInt8]) -> SHA1Digest {
        message.withUnsafeBytes { hash($0) }
    }

    /// The five chaining words and the compression function.
    struct State {
        var h0: UInt32 = 0x6745_2301
        var h1: UInt32 = 0xEFCD_AB89
        var h2: UInt32 = 0x98BA_DCFE
        var h3: UInt32 = 0x1032_5476
        var h4: UInt32 = 0xC3D2_E1F0

        /// Processes one 64-byte block starting at `block` (any alignment).
        mutating func compress(_ block: UnsafeRawPointer) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
                for t in 0..<16 {
                    w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                }
                var a = h0, b = h1, c = h2, d = h3, e = h4
                for t in 0..<80 {
                    let word: UInt32
                    if t < 16 {
                        word = w[t]
                    } else {
                        // The message schedule, kept as a rolling window of 16 words.
                        let x = w[(t &- 3) & 15] ^ w[(t &- 8) & 15] ^ w[(t &- 14) & 15] ^ w[t & 15]
                        word = x << 1 | x >> 31
                        w[t & 15] = word
                    }
                    let f: UInt32
                    let k: UInt32
                    switch t {
                    case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                    case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                    case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                    default: f = b ^ c ^ d; k = 0xCA62_C1D6
                    }
                    let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ word
                    e = d
                    d = c
                    c = b << 30 | b >> 2
                    b = a
                    a = temp
                }
                h0 = h0 &+ a
                h1 = h1 &+ b
                h2 = h2 &+ c
                h3 = h3 &+ d
                h4 = h4 &+ e
            }
        }
    }
}
