/// The LZ77 window sizes of RFC 7692 (`server_max_window_bits`, `client_max_window_bits`).
///
/// RFC 7692 allows 8...15. Since zlib 1.2.9, raw `deflateInit2` rejects a window of 8 bits (it always
/// used 9 internally: the "256-byte window" bug), so, like uWebSockets, Beast and faye's
/// permessage-deflate, we *negotiate* 8 but give zlib 9. That stays within the peer's limit: zlib's
/// longest match distance is the window minus 262 bytes (250 bytes at 9 bits), never more than 256.
/// Inflaters also open at least a 9-bit window, which is always safe (a larger window never hurts).
public enum DeflateWindowBits {
    /// The values RFC 7692 allows in a `*_max_window_bits` parameter.
    public static let allowed: ClosedRange<Int> = 8...15

    /// The default (and largest) window: 32 KiB.
    public static let maximum = 15

    /// The window bits to give zlib for a negotiated value: 8 becomes 9 (see the type's comment).
    @inlinable
    public static func zlibWindowBits(forNegotiated bits: Int) -> Int32 {
        Int32(Swift.max(9, Swift.min(bits, 15)))
    }
}
