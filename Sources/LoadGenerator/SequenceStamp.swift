/// The 16 ASCII hex digits that tag every payload with its connection and message number, so an
/// echo that belongs to another message (dropped, duplicated, reordered, cross-wired) is caught.
///
/// The tagged value is `connection << 40 | message`; its digits are produced with a few shifts
/// (no table, no loop) as two 8-byte words that are stored into, or compared with, the payload.
public enum SequenceStamp {
    /// Digits in a stamp.
    public static let width = 16

    /// The value stamped on message `message` of connection `connection`.
    @inlinable
    public static func value(connection: UInt64, message: UInt64) -> UInt64 {
        connection << 40 | (message & 0xFF_FFFF_FFFF)
    }

    /// The 8 hex digits of `half` (32 bits) as bytes in memory order (most significant digit first).
    @inlinable
    static func digits(_ half: UInt64) -> UInt64 {
        var n = half & 0xFFFF_FFFF
        n = (n | n << 16) & 0x0000_FFFF_0000_FFFF
        n = (n | n << 8) & 0x00FF_00FF_00FF_00FF
        n = (n | n << 4) & 0x0F0F_0F0F_0F0F_0F0F
        // Now byte i holds nibble i counted from the least significant: reverse to text order.
        n = n.byteSwapped
        let letters = ((n &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return n &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
    }

    /// The stamp of `value` as two words: the first 8 digits and the last 8.
    @inlinable
    public static func words(_ value: UInt64) -> (UInt64, UInt64) {
        (digits(value >> 32), digits(value))
    }

    /// The value whose stamp the 16 bytes at `bytes` hold, or nil if they are not a stamp's
    /// (lowercase) hex digits. Off the hot path: used to tell a misdelivered echo from a damaged one.
    public static func value(at bytes: UnsafeRawPointer) -> UInt64? {
        var value: UInt64 = 0
        for i in 0..<width {
            let byte = bytes.load(fromByteOffset: i, as: UInt8.self)
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
