/// One readiness report from `Epoll.wait`: what happened and the user datum registered with it.
@frozen
public struct EpollEvent: Sendable {
    /// The conditions that are ready.
    public var events: EpollEvents
    /// The 64-bit datum given to `Epoll.add`/`modify` (e.g. the fd or a connection index).
    public var userData: UInt64

    /// Creates an event.
    @inlinable
    public init(events: EpollEvents, userData: UInt64) {
        self.events = events
        self.userData = userData
    }

    /// The user datum's low 32 bits as a file descriptor (when the fd was registered as the datum).
    @inlinable
    public var fileDescriptor: Int32 { Int32(truncatingIfNeeded: userData) }
}
