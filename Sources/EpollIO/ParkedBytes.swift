import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// The few bytes of one connection left over after a read ended inside a frame.
///
/// Lives with a connection's state (16 bytes, no storage while empty): the load generator's row, the
/// server's `PendingHandshake` while a request head is incomplete. After
/// parsing a read, the owner parks the unparsed tail here; the next
/// `ReceiveBuffer.read(from:parked:)` puts it in front of the new bytes and frees it.
/// A plain value: keep exactly one per connection and `release()` it on close.
@frozen
public struct ParkedBytes {
    @usableFromInline var storage: UnsafeMutableRawPointer?
    @usableFromInline var storedCount: UInt32
    @usableFromInline var storedCapacity: UInt32

    /// No parked bytes.
    @inlinable
    public init() {
        storage = nil
        storedCount = 0
        storedCapacity = 0
    }

    /// Number of parked bytes.
    @inlinable
    public var count: Int { Int(storedCount) }

    /// True when nothing is parked.
    @inlinable
    public var isEmpty: Bool { storedCount == 0 }

    /// The parked bytes (valid until the next mutation).
    @inlinable
    public var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage, count: count)
    }

    /// Replaces the parked bytes with a copy of `bytes` (which may point into the
    /// shared receive buffer).
    @inlinable
    public mutating func park(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else {
            release()
            return
        }
        if bytes.count > Int(storedCapacity) {
            if let storage { free(storage) }
            guard let fresh = malloc(bytes.count) else { fatalError("out of memory") }
            storage = fresh
            storedCapacity = UInt32(bytes.count)
        }
        storage.unsafelyUnwrapped.copyMemory(from: source, byteCount: bytes.count)
        storedCount = UInt32(bytes.count)
    }

    /// Frees the storage and forgets the parked bytes.
    @inlinable
    public mutating func release() {
        if let storage { free(storage) }
        storage = nil
        storedCount = 0
        storedCapacity = 0
    }
}
