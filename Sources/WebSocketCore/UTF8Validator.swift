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

    public init() {}

    /// Clears all state, ready for a new message.
    @inlinable
    public mutating func reset() { self = UTF8Validator() }

    /// Whether the bytes so far end on a character boundary.
    @inlinable
    public var isAtCharacterBoundary: Bool { needed == 0 }

    /// Validates the next chunk. Returns `false` at the first invalid byte (recorded in
    /// ``invalidByteOffset``); once failed, every later call returns `false`.
    public mutating func validate(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if invalidByteOffset != nil { return false }
        guard let base = chunk.baseAddress else { return true }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = chunk.count
        var i = 0
        while i < count {
            let b = bytes[i]
            if needed == 0 {
                if b < 0x80 {
                    i += 1
                    continue
                }
                switch b {
                case 0xC2...0xDF: needed = 1; lower = 0x80; upper = 0xBF
                case 0xE0: needed = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: needed = 2; lower = 0x80; upper = 0xBF
                case 0xED: needed = 2; lower = 0x80; upper = 0x9F
                case 0xF0: needed = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: needed = 3; lower = 0x80; upper = 0xBF
                case 0xF4: needed = 3; lower = 0x80; upper = 0x8F
                default:
                    invalidByteOffset = validatedCount + i
                    return false
                }
            } else {
                if b < lower || b > upper {
                    invalidByteOffset = validatedCount + i
                    return false
                }
                needed -= 1
                lower = 0x80
                upper = 0xBF
            }
            i += 1
        }
        validatedCount += count
        return true
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
