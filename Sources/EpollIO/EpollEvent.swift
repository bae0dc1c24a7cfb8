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

    /// The datum, typed.
    @inlinable
    public var datum: EpollDatum { EpollDatum(rawValue: userData) }

    /// The descriptor the datum names (when it was registered with ``Epoll/add(_:events:)``).
    @inlinable
    public var fileDescriptor: Int32 { datum.fileDescriptor }
}
