/// Per-descriptor state of one event loop, indexed by file descriptor: the slot of `fd` is
/// `table[fd]`, found in O(1) from an epoll event's ``EpollDatum`` with no hashing and no lookup.
///
/// The kernel hands out the lowest free descriptors, so the table stays dense. It grows by
/// doubling, but only slots up to the highest descriptor ever prepared are initialised, so memory
/// that was reserved but never used is never touched (a 10,000-connection loop with a capacity of
/// 16,384 slots pays for ~10,000). After a burst, ``shrink(toFit:)`` gives the tail back.
///
/// Slots are reached through pointers (`table[fd].pointee.phase = …`): the loops mutate a slot in
/// place many times per event, which through a subscript setter would copy it each time.
///
/// ```swift
/// var table = DescriptorTable(vacant: Connection())
/// let c = table.prepare(fd)          // on accept/connect: grows and initialises as needed
/// if table.contains(event.fileDescriptor) { handle(table[event.fileDescriptor]) }
/// table.vacate(fd)                  // on close
/// ```
public struct DescriptorTable<Element>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    /// Slots allocated.
    public private(set) var capacity: Int
    /// Slots `0 ..< initializedCount` hold values (vacant or in use); the rest are raw memory.
    @usableFromInline var initializedCount: Int
    /// The value of a slot with no connection.
    public let vacant: Element
    /// The table never shrinks below this many slots.
    public let minimumCapacity: Int

    /// Slots are initialised this many at a time, so a run of accepts does not re-enter the slow
    /// path for every descriptor.
    @usableFromInline static var initializationStep: Int { 64 }

    /// An empty table whose unused slots read as `vacant`. The default of 1024 slots is what a process
    /// gets before raising its descriptor limit (`ulimit -n` soft default); it costs only address space
    /// until descriptors that high are prepared.
    public init(minimumCapacity: Int = 1024, vacant: Element) {
        precondition(minimumCapacity > 0)
        self.minimumCapacity = minimumCapacity
        self.vacant = vacant
        capacity = minimumCapacity
        base = .allocate(capacity: minimumCapacity)
        initializedCount = 0
    }

    deinit {
        base.deinitialize(count: initializedCount)
        base.deallocate()
    }

    /// Slots that hold a value (vacant or in use): every descriptor below this is a valid index.
    @inlinable
    public var count: Int { initializedCount }

    /// Whether `fd` has a slot (it may be vacant). Events for other descriptors are not ours.
    @inlinable
    public func contains(_ fd: Int32) -> Bool { UInt(bitPattern: Int(fd)) < UInt(initializedCount) }

    /// The slot of `fd`, which must be ``contains(_:)``.
    @inlinable
    public subscript(fd: Int32) -> UnsafeMutablePointer<Element> {
        assert(contains(fd), "descriptor \(fd) has no slot")
        return base + Int(fd)
    }

    /// The slot of `fd`, growing the table and initialising slots up to it as needed.
    @inlinable
    public mutating func prepare(_ fd: Int32) -> UnsafeMutablePointer<Element> {
        precondition(fd >= 0, "negative descriptor")
        if Int(fd) >= initializedCount { initialize(through: Int(fd)) }
        return base + Int(fd)
    }

    @usableFromInline
    mutating func initialize(through index: Int) {
        let wanted = min(
            max(index + 1, initializedCount + Self.initializationStep), max(capacity, index + 1))
        if wanted > capacity {
            var newCapacity = capacity
            while newCapacity < wanted { newCapacity &*= 2 }
            reallocate(capacity: newCapacity)
        }
        (base + initializedCount).initialize(repeating: vacant, count: wanted - initializedCount)
        initializedCount = wanted
    }

    /// Puts `fd`'s slot back to ``vacant`` (the caller has released what the slot owned).
    @inlinable
    public func vacate(_ fd: Int32) {
        self[fd].pointee = vacant
    }

    /// Gives memory back after a burst: when no descriptor at or above `highestInUse + 1` holds a
    /// connection and the table is more than four times larger than that, it is reallocated to the
    /// smallest power of two that fits (never below ``minimumCapacity``). Slots past the new size
    /// must be vacant. Returns whether it shrank.
    @discardableResult
    public mutating func shrink(toFit highestInUse: Int32) -> Bool {
        let needed = max(Int(highestInUse) + 1, minimumCapacity)
        guard capacity > 4 * needed else { return false }
        var newCapacity = minimumCapacity
        while newCapacity < needed { newCapacity &*= 2 }
        let kept = min(initializedCount, newCapacity)
        (base + kept).deinitialize(count: initializedCount - kept)
        initializedCount = kept
        reallocate(capacity: newCapacity)
        return true
    }

    mutating func reallocate(capacity newCapacity: Int) {
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        fresh.moveInitialize(from: base, count: initializedCount)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }
}
