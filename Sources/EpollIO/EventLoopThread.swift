import CEpoll
import Synchronization

/// What one loop thread gets: its index, its CPU, and a stop request it must watch.
///
/// The body registers `waker.fileDescriptor` in its own epoll set (for `.readable`, with
/// a user datum it recognises); when it fires, it calls `waker.drain()` and leaves its
/// loop if `isStopRequested`:
///
/// ```swift
/// let group = try EventLoopThreadGroup.start(count: 2, cpus: [0, 1]) { loop in
///     let epoll = try! Epoll()
///     try! epoll.add(loop.waker.fileDescriptor, events: .readable, userData: wakerDatum)
///     while !loop.isStopRequested {
///         for event in try! epoll.wait(timeoutMilliseconds: -1) {
///             if event.userData == wakerDatum { loop.waker.drain(); continue }
///             // … dispatch by fd into this loop's connection table
///         }
///     }
/// }
/// ```
public final class EventLoopThread: Sendable {
    /// Index of this loop in its group (0 ..< count).
    public let index: Int
    /// The CPU this thread is pinned to, or nil.
    public let cpu: Int?
    /// Wakes the loop out of `epoll_wait`.
    public let waker: EventLoopWaker
    let stopRequested: Atomic<Bool>

    init(index: Int, cpu: Int?, waker: EventLoopWaker) {
        self.index = index
        self.cpu = cpu
        self.waker = waker
        self.stopRequested = Atomic(false)
    }

    /// True once `requestStop()` was called (by any thread).
    public var isStopRequested: Bool {
        stopRequested.load(ordering: .acquiring)
    }

    /// Asks the loop to stop: sets the flag, then wakes it.
    public func requestStop() {
        stopRequested.store(true, ordering: .releasing)
        waker.wake()
    }
}
