import CWebSocketSIMD

/// Incremental UTF-8 validation (RFC 3629) across fragments and partial reads.
///
/// Feed a message's bytes in any number of chunks with ``validate(_:)``; it fails fast, at the first
/// byte that cannot start or continue a well-formed sequence (overlong forms, UTF-16 surrogates,
/// code points above U+10FFFF). ``finish()`` then checks the message does not end mid-sequence.
public struct UTF8Validator: Sendable {
    /// Continuation bytes still expected by the current multi-byte sequence.
    @usableFromInline var needed: UInt8 = 0
    /// Inclusive bounds for the next continuation byte (narrowed after E0, ED, F0, F4).
    @usableFromInline var lower: UInt8 = 0x80
    @usableFromInline var upper: UInt8 = 0xBF
    /// Bytes accepted so far since the last ``reset()``.
    public private(set) var validatedCount: Int = 0
    /// Offset (from the start of the stream since the last reset) of the first invalid byte, if any.
    public private(set) var invalidByteOffset: Int? = nil

    /// Creates a validator at the start of a message.
    public init() {}

    /// Clears all state, ready for a new message.
    @inlinable
    public mutating func reset() { self = UTF8Validator() }

    /// Whether the bytes so far end on a character boundary.
    @inlinable
    public var isAtCharacterBoundary: Bool { needed == 0 }

    /// Validates the next chunk. Returns `false` at the first invalid byte (recorded in
    /// ``invalidByteOffset``); once failed, every later call returns `false`.
    ///
    /// Runs of ASCII are skipped a word at a time, and long runs with the SIMD scan
    /// (`wsb_ascii_prefix_length`). At the first multi-byte character with at least
    /// `blockKernelMinimum` bytes left, the block-wise SIMD validator (`wsb_utf8_valid_prefix_length`,
    /// AVX2) takes the rest of the chunk as far as it is valid and whole; the scalar code below then
    /// finishes it, finding the exact offset of an error. There, a multi-byte character that lies
    /// wholly inside the chunk is checked in one step, and one split by the chunk's end goes through
    /// the byte-at-a-time state machine.
    public mutating func validate(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if invalidByteOffset != nil { return false }
        guard let base = chunk.baseAddress else { return true }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = chunk.count
        var i = 0
        // Finish a character left open by the previous chunk.
        while needed != 0 {
            if i == count {
                validatedCount &+= count
                return true
            }
            if !acceptContinuation(bytes[i]) { return fail(at: i) }
            i &+= 1
        }
        var blockKernelUsed = false
        while i < count {
            if bytes[i] < 0x80 {  // (a multi-byte character often follows another: skip the word test)
                i = Self.asciiRunEnd(bytes, from: i, count: count)
                if i == count { break }
            }
            if !blockKernelUsed && count &- i >= Self.blockKernelMinimum {
                // Called once per chunk: what it leaves (an error's block, a split character, a
                // short tail) is for the scalar code, which must not hand it back.
                blockKernelUsed = true
                i &+= wsb_utf8_valid_prefix_length(bytes + i, count &- i)
                continue
            }
            let lead = bytes[i]
            let length: Int
            let secondLower: UInt8
            let secondUpper: UInt8
            switch lead {
            case 0xC2...0xDF: length = 2; secondLower = 0x80; secondUpper = 0xBF
            case 0xE0: length = 3; secondLower = 0xA0; secondUpper = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondLower = 0x80; secondUpper = 0xBF
            case 0xED: length = 3; secondLower = 0x80; secondUpper = 0x9F
            case 0xF0: length = 4; secondLower = 0x90; secondUpper = 0xBF
            case 0xF1...0xF3: length = 4; secondLower = 0x80; secondUpper = 0xBF
            case 0xF4: length = 4; secondLower = 0x80; secondUpper = 0x8F
            default: return fail(at: i)
            }
            if length <= count &- i {
                // The whole character is in this chunk.
                let second = bytes[i &+ 1]
                if second < secondLower || second > secondUpper { return fail(at: i &+ 1) }
                if length >= 3 {
                    if bytes[i &+ 2] & 0xC0 != 0x80 { return fail(at: i &+ 2) }
                    if length == 4 && bytes[i &+ 3] & 0xC0 != 0x80 { return fail(at: i &+ 3) }
                }
                i &+= length
            } else {
                // The chunk ends inside this character: check what is here, keep the rest as state.
                needed = UInt8(truncatingIfNeeded: length &- 1)
                lower = secondLower
                upper = secondUpper
                i &+= 1
                while i < count {
                    if !acceptContinuation(bytes[i]) { return fail(at: i) }
                    i &+= 1
                }
            }
        }
        validatedCount &+= count
        return true
    }

    /// The fewest bytes left in a chunk for which the block-wise SIMD validator is worth a call.
    /// 32: one AVX2 block (b5ab878); other values not measured (validator rates: results/frame-engine-microbench.md).
    @inlinable static var blockKernelMinimum: Int { 32 }

    /// Consumes one continuation byte of an open character; `false` if `byte` cannot continue it.
    @inline(__always)
    mutating func acceptContinuation(_ byte: UInt8) -> Bool {
        if byte < lower || byte > upper { return false }
        needed &-= 1
        lower = 0x80
        upper = 0xBF
        return true
    }

    /// Records the first invalid byte, `index` bytes into the current chunk, and returns `false`.
    @inline(__always)
    mutating func fail(at index: Int) -> Bool {
        invalidByteOffset = validatedCount &+ index
        return false
    }

    /// The index of the first non-ASCII byte at or after `start` (or `count`). Checks 8-byte words
    /// (little-endian: the lowest set high bit is the first non-ASCII byte), so short runs between
    /// multi-byte characters cost one load; once a run has lasted `simdAfter` bytes and at least
    /// `simdMinimum` remain, hands the rest to the SIMD scan.
    @inline(__always)
    static func asciiRunEnd(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        // 32 and 64: not measured against other values.
        let simdAfter = 32
        let simdMinimum = 64
        let raw = UnsafeRawPointer(bytes)
        var i = start
        while count &- i >= 8 {
            let high = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080
            if high != 0 { return i &+ (high.littleEndian.trailingZeroBitCount &>> 3) }
            i &+= 8
            if i &- start >= simdAfter && count &- i >= simdMinimum {
                return i &+ wsb_ascii_prefix_length(bytes + i, count &- i)
            }
        }
        while i < count && bytes[i] < 0x80 { i &+= 1 }
        return i
    }

    /// Ends the message: returns `false` if it stopped inside a multi-byte sequence (the offset of
    /// the truncated sequence's end is recorded in ``invalidByteOffset``).
    public mutating func finish() -> Bool {
        if invalidByteOffset != nil { return false }
        if needed != 0 {
            invalidByteOffset = validatedCount
            return false
        }
        return true
    }
}
