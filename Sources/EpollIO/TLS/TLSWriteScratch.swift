/// A record-sized buffer in which a TLS connection's gathered write (a frame header and its
/// payload, several small frames, …) is joined so that it goes out as one TLS record instead of
/// one record per piece. One per event loop, shared by every TLS connection of the loop: a write
/// copies into it and hands it to `SSL_write` before returning, so no connection holds it between
/// calls, and no write allocates.
///
/// It must outlive every ``TLSStream`` made with it (a loop closes its connections before it goes).
public final class TLSWriteScratch {
    /// The most plaintext one TLS record carries (2^14 bytes, RFC 8446 §5.1): the buffer's size.
    public static let capacity = 16 << 10
    /// Start of the buffer.
    public let base: UnsafeMutableRawPointer

    /// Allocates the buffer.
    public init() {
        base = .allocate(byteCount: TLSWriteScratch.capacity, alignment: 64)
    }

    deinit { base.deallocate() }
}
