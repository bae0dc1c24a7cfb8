import COpenSSL

/// One event loop's buffers for TLS writes, shared by every TLS connection of the loop (a write
/// uses them and is done with them before it returns, so no connection holds them between calls,
/// and no write allocates):
///
/// - a record-sized buffer in which a gathered write's small pieces (a frame header and the start
///   of its payload, several small frames, …) are joined, so that they go out as one TLS record
///   instead of one record per piece;
/// - the gather buffer: the ciphertext of every record one write makes, sent to the kernel with
///   one `send` (``TLSStream/writev(_:count:)``); what the kernel does not take moves into the
///   connection's own pending storage.
///
/// It must outlive every ``TLSStream`` made with it (a loop closes its connections before it goes).
public final class TLSWriteScratch {
    /// The most plaintext one TLS record carries (2^14 bytes, RFC 8446 §5.1): the join buffer's size.
    public static let capacity = 16 << 10
    /// Gather buffer bytes: four records of any cipher, so up to 64 KiB of plaintext per `send` (a
    /// 16 KiB echo's two records go in one; not measured against other sizes).
    public static let gatherCapacity = 4 * wsb_tls_max_record_bytes
    /// The loop's gather state, as the BIOs of its connections see it.
    let output: UnsafeMutablePointer<wsb_tls_output>

    /// Start of the join buffer.
    public var base: UnsafeMutableRawPointer { UnsafeMutableRawPointer(output.pointee.join) }

    /// Allocates the buffers.
    public init() {
        output = .allocate(capacity: 1)
        let join = UnsafeMutableRawPointer.allocate(byteCount: TLSWriteScratch.capacity, alignment: 64)
        let gather = UnsafeMutableRawPointer.allocate(byteCount: TLSWriteScratch.gatherCapacity, alignment: 64)
        output.initialize(
            to: wsb_tls_output(
                bytes: gather.assumingMemoryBound(to: UInt8.self), capacity: TLSWriteScratch.gatherCapacity, length: 0,
                join: join.assumingMemoryBound(to: UInt8.self), gathering: 0))
    }

    deinit {
        UnsafeMutableRawPointer(output.pointee.join).deallocate()
        UnsafeMutableRawPointer(output.pointee.bytes).deallocate()
        output.deallocate()
    }
}
