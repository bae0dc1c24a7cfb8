/// Growable raw byte storage for a message that spans several reads or frames.
///
/// Allocated on first use only, so a connection whose messages always arrive whole in one read never
/// owns one. It keeps its capacity between messages up to ``retainedCapacity``; past that it is freed
/// when cleared, so an idle connection does not sit on a large buffer.
public final class MessageBuffer {
    @usableFromInline var base: UnsafeMutableRawPointer? = nil
    @usableFromInline var capacity: Int = 0
    /// Bytes stored.
    public private(set) var count: Int = 0
    /// The largest capacity kept across ``removeAll()``.
    public let retainedCapacity: Int

    /// Creates an empty buffer (nothing allocated yet). The default 64 KiB kept across messages is not measured.
    public init(retainedCapacity: Int = 64 << 10) { self.retainedCapacity = retainedCapacity }

    deinit { base?.deallocate() }

    /// Appends `bytes`, growing geometrically.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(count &+ bytes.count)
        (base.unsafelyUnwrapped + count).copyMemory(from: source, byteCount: bytes.count)
        count &+= bytes.count
    }

    /// Makes room for at least `minimumCapacity` bytes in total.
    public func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let newCapacity = max(minimumCapacity, capacity &* 2, 256)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let old = base {
            newBase.copyMemory(from: old, byteCount: count)
            old.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }

    /// The stored bytes; valid until the next mutation.
    public var bytes: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base, count: count)
    }

    /// Forgets the stored bytes, freeing the storage when it grew past ``retainedCapacity``.
    public func removeAll() {
        count = 0
        if capacity > retainedCapacity {
            base?.deallocate()
            base = nil
            capacity = 0
        }
    }
}
