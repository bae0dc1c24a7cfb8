/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), as used by
/// `Sec-WebSocket-Key` and `Sec-WebSocket-Accept` (RFC 6455 §4.1, §4.2.2).
///
/// Decoding is strict: the input length must be a multiple of 4, padding is required, and only
/// alphabet characters (no whitespace, no URL-safe `-` `_`) are accepted.
public enum Base64 {
    /// The number of characters that encoding `byteCount` bytes produces (padding included).
    @inlinable
    public static func encodedCount(forByteCount byteCount: Int) -> Int {
        (byteCount + 2) / 3 * 4
    }

    /// Encodes `source` into `destination` and returns the number of bytes written
    /// (``encodedCount(forByteCount:)``). `destination` must be at least that large.
    public static func encode(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int {
        let needed = encodedCount(forByteCount: source.count)
        precondition(destination.count >= needed, "Base64.encode: destination too small")
        var out = 0
        var i = 0
        let count = source.count
        while i + 3 <= count {
            let triple = UInt32(source[i]) << 16 | UInt32(source[i + 1]) << 8 | UInt32(source[i + 2])
            destination[out] = character(triple >> 18)
            destination[out + 1] = character(triple >> 12)
            destination[out + 2] = character(triple >> 6)
            destination[out + 3] = character(triple)
            i += 3
            out += 4
        }
        let rest = count - i
        if rest > 0 {
            let triple = UInt32(source[i]) << 16 | (rest == 2 ? UInt32(source[i + 1]) << 8 : 0)
            destination[out] = character(triple >> 18)
            destination[out + 1] = character(triple >> 12)
            destination[out + 2] = rest == 2 ? character(triple >> 6) : UInt8(ascii: "=")
            destination[out + 3] = UInt8(ascii: "=")
            out += 4
        }
        return out
    }

    /// Returns the Base64 encoding of `source`.
    public static func encode(_ source: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: encodedCount(forByteCount: source.count)) { buffer in
            encode(source, into: UnsafeMutableRawBufferPointer(buffer))
        }
    }

    /// Returns the Base64 encoding of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// The number of bytes `encoded` decodes to, or `nil` if it is not valid padded Base64.
    /// Decodes nothing: this is the check that a `Sec-WebSocket-Key` is the encoding of 16 bytes.
    public static func decodedCount(of encoded: UnsafeRawBufferPointer) -> Int? {
        decode(encoded, into: nil)
    }

    /// The number of bytes `encoded` decodes to, or `nil` if it is not valid padded Base64.
    public static func decodedCount(of encoded: String) -> Int? {
        var encoded = encoded
        return encoded.withUTF8 { decodedCount(of: UnsafeRawBufferPointer($0)) }
    }

    /// Decodes `encoded`, or returns `nil` if it is not valid padded Base64.
    public static func decode(_ encoded: String) -> [UInt8]? {
        var encoded = encoded
        return encoded.withUTF8 { utf8 -> [UInt8]? in
            let source = UnsafeRawBufferPointer(utf8)
            guard let count = decode(source, into: nil) else { return nil }
            return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                initialized = decode(source, into: UnsafeMutableRawBufferPointer(buffer)) ?? 0
            }
        }
    }

    /// Validates `source` and, if `destination` is not `nil`, writes the decoded bytes to it
    /// (it must be large enough). Returns the decoded byte count, or `nil` if `source` is invalid.
    static func decode(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer?) -> Int? {
        let count = source.count
        guard count % 4 == 0 else { return nil }
        if count == 0 { return 0 }
        var padding = 0
        if source[count - 1] == UInt8(ascii: "=") {
            padding = source[count - 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var out = 0
        var i = 0
        while i < count {
            let isLastQuad = i + 4 == count
            let significant = isLastQuad ? 4 - padding : 4
            var quad: UInt32 = 0
            for j in 0..<4 {
                quad <<= 6
                if j < significant {
                    guard let value = sextet(source[i + j]) else { return nil }
                    quad |= value
                }
            }
            let produced = significant - 1
            if let destination {
                destination[out] = UInt8(truncatingIfNeeded: quad >> 16)
                if produced > 1 { destination[out + 1] = UInt8(truncatingIfNeeded: quad >> 8) }
                if produced > 2 { destination[out + 2] = UInt8(truncatingIfNeeded: quad) }
            }
            out += produced
            i += 4
        }
        return out
    }

    /// The alphabet character for the low six bits of `value`.
    @inline(__always)
    static func character(_ value: UInt32) -> UInt8 {
        let v = UInt8(truncatingIfNeeded: value & 0x3F)
        switch v {
        case 0..<26: return UInt8(ascii: "A") &+ v
        case 26..<52: return UInt8(ascii: "a") &+ (v &- 26)
        case 52..<62: return UInt8(ascii: "0") &+ (v &- 52)
        case 62: return UInt8(ascii: "+")
        default: return UInt8(ascii: "/")
        }
    }

    /// The six-bit value of an alphabet character, or `nil` for any other byte (including `=`).
    @inline(__always)
    static func sextet(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(character &- UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(character &- UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(character &- UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
