/// Copies `bytes` into a fresh heap allocation of exactly their size, runs `body` on it, and frees it.
///
/// Each read of a stream gets its own allocation, the way a receive buffer is overwritten by the next
/// read: AddressSanitizer then reports any read past the end of the data (a SIMD kernel reading a
/// whole block) and any use of a pointer into an earlier read (a message that should have been copied).
public func withExactBuffer<R>(
    _ bytes: ArraySlice<UInt8>, _ body: (UnsafeMutableRawBufferPointer) throws -> R
) rethrows -> R {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
    defer { buffer.deallocate() }
    if !bytes.isEmpty { buffer.copyBytes(from: bytes) }
    return try body(buffer)
}
