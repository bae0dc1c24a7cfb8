import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// An epoll instance and its preallocated event array.
///
/// `Epoll` owns the epoll file descriptor (closed on `deinit`) and the array
/// `wait` fills in, so a loop of `wait` calls allocates nothing. It is a
/// primitive, not a framework: the owner registers descriptors with a 64-bit
/// datum of its choosing and dispatches the results itself:
///
/// ```swift
/// let epoll = try Epoll(maximumEventsPerWait: 512)
/// try epoll.add(listener, events: .readable, userData: UInt64(listener))
/// while running {
///     for event in try epoll.wait(timeoutMilliseconds: 1000) {
///         let fd = event.fileDescriptor
///         if fd == listener { acceptAll() } else { service(fd, event.events) }
///     }
/// }
/// ```
///
/// One `Epoll` belongs to one thread (it is not `Sendable`).
public struct Epoll: ~Copyable {
    /// The epoll file descriptor.
    public let fileDescriptor: Int32
    /// Capacity of the event array: the most events one `wait` reports.
    public let maximumEventsPerWait: Int
    @usableFromInline
    let events: UnsafeMutablePointer<epoll_event>

    /// Size of one packed `epoll_event` (12 bytes on x86-64).
    @usableFromInline
    static var eventStride: Int { MemoryLayout<epoll_event>.stride }

    /// Byte offset of `epoll_event.data` (4 on x86-64, 8 where it is not packed).
    @usableFromInline
    static var eventDataOffset: Int {
        #if arch(x86_64)
        return 4
        #else
        return 8
        #endif
    }

    /// Creates an epoll instance (`epoll_create1(EPOLL_CLOEXEC)`) with room for
    /// `maximumEventsPerWait` events per `wait`.
    public init(maximumEventsPerWait: Int = 1024) throws(SocketError) {
        precondition(maximumEventsPerWait > 0)
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SocketError("epoll_create1") }
        self.fileDescriptor = fd
        self.maximumEventsPerWait = maximumEventsPerWait
        self.events = .allocate(capacity: maximumEventsPerWait)
        self.events.initialize(repeating: epoll_event(), count: maximumEventsPerWait)
    }

    deinit {
        events.deallocate()
        _ = Glibc.close(fileDescriptor)
    }

    /// Registers `fd` for `events` with `userData` returned in every report (`EPOLL_CTL_ADD`).
    @inlinable
    public func add(_ fd: Int32, events: EpollEvents, userData: UInt64) throws(SocketError) {
        guard cepoll_ctl(fileDescriptor, EPOLL_CTL_ADD, fd, events.rawValue, userData) == 0 else {
            throw SocketError("epoll_ctl(ADD)")
        }
    }

    /// Replaces the interest mask and datum of a registered `fd` (`EPOLL_CTL_MOD`).
    @inlinable
    public func modify(_ fd: Int32, events: EpollEvents, userData: UInt64) throws(SocketError) {
        guard cepoll_ctl(fileDescriptor, EPOLL_CTL_MOD, fd, events.rawValue, userData) == 0 else {
            throw SocketError("epoll_ctl(MOD)")
        }
    }

    /// Registers `fd` with its own descriptor as the datum (``EpollDatum/init(fileDescriptor:)``).
    @inlinable
    public func add(_ fd: Int32, events: EpollEvents) throws(SocketError) {
        try add(fd, events: events, userData: EpollDatum(fileDescriptor: fd).rawValue)
    }

    /// Changes the events of `fd`, registered with its own descriptor as the datum.
    @inlinable
    public func modify(_ fd: Int32, events: EpollEvents) throws(SocketError) {
        try modify(fd, events: events, userData: EpollDatum(fileDescriptor: fd).rawValue)
    }

    /// Removes `fd` from the set (`EPOLL_CTL_DEL`). Closing an fd removes it
    /// implicitly (if no duplicate of it is open), so a close needs no `remove`.
    @inlinable
    public func remove(_ fd: Int32) throws(SocketError) {
        guard cepoll_ctl(fileDescriptor, EPOLL_CTL_DEL, fd, 0, 0) == 0 else {
            throw SocketError("epoll_ctl(DEL)")
        }
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever, 0: poll) for events and
    /// returns them as a view of the preallocated array, valid until the next
    /// `wait`. An interrupted wait (`EINTR`) returns no events.
    @inlinable
    public func wait(timeoutMilliseconds: Int32) throws(SocketError) -> EpollReadyEvents {
        let count = epoll_wait(fileDescriptor, events, Int32(truncatingIfNeeded: maximumEventsPerWait), timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return EpollReadyEvents(base: UnsafeRawPointer(events), count: 0) }
            throw SocketError("epoll_wait")
        }
        return EpollReadyEvents(base: UnsafeRawPointer(events), count: Int(count))
    }
}
