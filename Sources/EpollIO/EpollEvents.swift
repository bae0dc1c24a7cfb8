import CEpoll

/// The readiness conditions of one file descriptor in an epoll set (`EPOLLIN`, `EPOLLOUT`, …).
///
/// Used both as the interest mask passed to `Epoll.add`/`modify` and as the
/// readiness reported by `Epoll.wait`.
@frozen
public struct EpollEvents: OptionSet, Sendable, Hashable {
    /// The raw `epoll_event.events` bits.
    public var rawValue: UInt32

    /// Creates a set from raw `EPOLL*` bits.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `EPOLLIN`: data (or EOF, or a pending connection) can be read.
    public static let readable = EpollEvents(rawValue: EPOLLIN.rawValue)
    /// `EPOLLOUT`: the socket's send buffer has room.
    public static let writable = EpollEvents(rawValue: EPOLLOUT.rawValue)
    /// `EPOLLRDHUP`: the peer shut down its writing side (half-close or close).
    public static let readHangup = EpollEvents(rawValue: EPOLLRDHUP.rawValue)
    /// `EPOLLHUP`: both directions are shut down (always reported, never needs asking for).
    public static let hangup = EpollEvents(rawValue: EPOLLHUP.rawValue)
    /// `EPOLLERR`: an error is pending (always reported; read it with `Socket.takeError`).
    public static let error = EpollEvents(rawValue: EPOLLERR.rawValue)
    /// `EPOLLET`: edge-triggered; the owner must read/write until `wouldBlock`.
    public static let edgeTriggered = EpollEvents(rawValue: EPOLLET.rawValue)
    /// `EPOLLONESHOT`: disable the descriptor after one report until it is modified again.
    public static let oneShot = EpollEvents(rawValue: EPOLLONESHOT.rawValue)
}
