import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// An eventfd that wakes a loop blocked in `epoll_wait` from another thread or a
/// signal handler: register `fileDescriptor` for `.readable` in the loop's epoll set,
/// call `wake()` from anywhere, and `drain()` it in the loop when it fires.
public struct EventLoopWaker: Sendable {
    /// The eventfd (non-blocking, close-on-exec).
    public let fileDescriptor: Int32

    /// Creates the eventfd.
    public init() throws(SocketError) {
        let fd = cepoll_eventfd()
        guard fd >= 0 else { throw SocketError("eventfd") }
        self.fileDescriptor = fd
    }

    /// Makes the eventfd readable (async-signal-safe; repeated wakes coalesce).
    @inlinable
    public func wake() {
        _ = cepoll_eventfd_signal(fileDescriptor)
    }

    /// Resets the eventfd; returns how many wakes were pending (0 if none).
    @inlinable
    @discardableResult
    public func drain() -> UInt64 {
        cepoll_eventfd_drain(fileDescriptor)
    }

    /// Closes the eventfd.
    public func close() {
        _ = Glibc.close(fileDescriptor)
    }
}
