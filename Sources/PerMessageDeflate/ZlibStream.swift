import CZlib

/// Owns one heap-allocated `wsb_zstream` (a `z_stream` whose allocations zlib makes through
/// counting hooks), so the bytes zlib holds are known exactly.
@usableFromInline
struct ZlibStream {
    @usableFromInline let pointer: UnsafeMutablePointer<wsb_zstream>

    init() {
        pointer = UnsafeMutablePointer<wsb_zstream>.allocate(capacity: 1)
    }

    /// The `z_stream` to pass to zlib.
    @usableFromInline
    var stream: UnsafeMutablePointer<z_stream> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: z_stream.self)
    }

    /// Bytes zlib currently holds through `zalloc`, plus the stream structure itself.
    var allocatedBytes: Int { Int(pointer.pointee.allocated_bytes) + MemoryLayout<wsb_zstream>.size }

    func deallocate() { pointer.deallocate() }
}
