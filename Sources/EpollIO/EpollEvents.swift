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
    @inlinable public static var readable: EpollEvents { EpollEvents(rawValue: EPOLLIN.rawValue) }
    /// `EPOLLOUT`: the socket's send buffer has room.
    @inlinable public static var writable: EpollEvents { EpollEvents(rawValue: EPOLLOUT.rawValue) }
    /// `EPOLLRDHUP`: the peer shut down its writing side (half-close or close).
    @inlinable public static var readHangup: EpollEvents { EpollEvents(rawValue: EPOLLRDHUP.rawValue) }
    /// `EPOLLHUP`: both directions are shut down (always reported, never needs asking for).
    @inlinable public static var hangup: EpollEvents { EpollEvents(rawValue: EPOLLHUP.rawValue) }
    /// `EPOLLERR`: an error is pending (always reported; the next read or write fails with it, and
    /// `Socket.finishConnect` reads it for a connect in progress).
    @inlinable public static var error: EpollEvents { EpollEvents(rawValue: EPOLLERR.rawValue) }
    /// `EPOLLET`: edge-triggered; the owner must drain the socket before waiting again:
    /// read until `wouldBlock` or until a short read (fewer bytes than asked), which on a
    /// stream socket already means the queue was empty (epoll(7)) and saves the extra
    /// read that would return `EAGAIN`.
    @inlinable public static var edgeTriggered: EpollEvents { EpollEvents(rawValue: EPOLLET.rawValue) }
    /// `EPOLLONESHOT`: disable the descriptor after one report until it is modified again.
    @inlinable public static var oneShot: EpollEvents { EpollEvents(rawValue: EPOLLONESHOT.rawValue) }
}
