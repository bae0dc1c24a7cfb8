/// A growable raw byte buffer that compressors and decompressors write their output into and reuse
/// from message to message. It only grows (by doubling), so after the first few messages no
/// message allocates.
///
/// One buffer per direction per connection is the simple choice. Because a result only has to live
/// until the next message is processed, several ``MessageDeflater``s (or ``MessageInflater``s)
/// driven by the same thread may share one buffer to save memory with many connections: a view
/// returned by one of them is then valid only until any of them processes the next message.
public final class DeflateBuffer {
    /// The start of the storage (nil until the first growth).
    @usableFromInline private(set) var base: UnsafeMutableRawPointer?
    /// Bytes of storage.
    public private(set) var capacity: Int

    /// Creates an empty buffer; storage is allocated on first use.
    public init(capacity: Int = 0) {
        self.capacity = 0
        self.base = nil
        if capacity > 0 { reserve(capacity, preserving: 0) }
    }

    deinit { base?.deallocate() }

    /// Makes the storage at least `minimumCapacity` bytes (growing to at least double), keeping the
    /// first `preserving` bytes.
    @usableFromInline
    func reserve(_ minimumCapacity: Int, preserving: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity &* 2)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            if preserving > 0 { storage.copyMemory(from: base, byteCount: preserving) }
            base.deallocate()
        }
        base = storage
        capacity = newCapacity
    }

    /// Makes the storage exactly `newCapacity` bytes if it is larger (used to respect a cap),
    /// keeping the first `preserving` bytes.
    @usableFromInline
    func grow(toExactly newCapacity: Int, preserving: Int) {
        guard newCapacity > capacity else { return }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            if preserving > 0 { storage.copyMemory(from: base, byteCount: preserving) }
            base.deallocate()
        }
        base = storage
        capacity = newCapacity
    }
}
