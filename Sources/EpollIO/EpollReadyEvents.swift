import CEpoll

/// The events filled in by one `Epoll.wait`: a non-owning view of the epoll's
/// preallocated event array, valid until the next `wait` on the same epoll.
///
/// Iterating it (`for event in ready`) allocates nothing; elements are decoded
/// from the packed `struct epoll_event` layout on access.
@frozen
public struct EpollReadyEvents: RandomAccessCollection {
    /// Base of the kernel-filled `epoll_event` array.
    @usableFromInline
    let base: UnsafeRawPointer
    /// Number of valid events.
    public let count: Int

    @inlinable
    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// Always 0.
    @inlinable public var startIndex: Int { 0 }
    /// `count`.
    @inlinable public var endIndex: Int { count }

    /// The event at `index` (0 ..< count).
    @inlinable
    public subscript(index: Int) -> EpollEvent {
        assert(index >= 0 && index < count, "event index out of range")
        let raw = base + index &* Epoll.eventStride
        let events = raw.loadUnaligned(as: UInt32.self)
        let data = raw.loadUnaligned(fromByteOffset: Epoll.eventDataOffset, as: UInt64.self)
        return EpollEvent(events: EpollEvents(rawValue: events), userData: data)
    }
}
