import CEpoll

/// N OS threads (pthreads), each running a caller-provided loop body with its
/// `EventLoopThread`, optionally pinned one per CPU.
///
/// Typical `main`: ignore SIGPIPE, block SIGINT/SIGTERM (so the threads started next
/// inherit the blocked mask), start the group, wait for a termination signal on the
/// main thread, then `requestStop()` and `join()`:
///
/// ```swift
/// TerminationSignals.ignoreBrokenPipe()
/// try TerminationSignals.blockInCurrentThread()
/// let group = try EventLoopThreadGroup.start(count: 2, cpus: [0, 1]) { loop in runServerLoop(loop) }
/// _ = TerminationSignals.wait()
/// group.requestStop()
/// group.join()
/// ```
public final class EventLoopThreadGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoopThread]
    let handles: [UInt64]

    private init(loops: [EventLoopThread], handles: [UInt64]) {
        self.loops = loops
        self.handles = handles
    }

    /// Starts `count` threads; thread `i` is pinned to `cpus[i]` when `cpus` is given
    /// (it must have `count` entries). `body` runs once per thread; when it returns the
    /// thread ends. If a thread cannot be started, those already started are stopped and
    /// joined and the error is thrown.
    public static func start(
        count: Int,
        cpus: [Int]? = nil,
        body: @escaping @Sendable (EventLoopThread) -> Void
    ) throws(SocketError) -> EventLoopThreadGroup {
        precondition(count > 0)
        precondition(cpus == nil || cpus!.count == count, "one CPU per thread")
        var loops: [EventLoopThread] = []
        var handles: [UInt64] = []
        do throws(SocketError) {
            for index in 0..<count {
                let cpu = cpus?[index]
                let loop = EventLoopThread(index: index, cpu: cpu, waker: try EventLoopWaker())
                loops.append(loop)
                let start = Unmanaged.passRetained(ThreadStart(loop: loop, body: body))
                var handle: UInt64 = 0
                let result = cepoll_thread_create(&handle, { argument in
                    let start = Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue()
                    start.body(start.loop)
                    return nil
                }, start.toOpaque(), Int32(cpu ?? -1))
                if result != 0 {
                    start.release()
                    throw SocketError("pthread_create", errorNumber: result)
                }
                handles.append(handle)
            }
        } catch {
            for loop in loops { loop.requestStop() }
            for handle in handles { _ = cepoll_thread_join(handle) }
            for loop in loops { loop.waker.close() }
            throw error
        }
        return EventLoopThreadGroup(loops: loops, handles: handles)
    }

    /// Asks every loop to stop (see `EventLoopThread.requestStop`).
    public func requestStop() {
        for loop in loops { loop.requestStop() }
    }

    /// Waits for every thread to end, then closes the wakers. Call once.
    public func join() {
        for handle in handles { _ = cepoll_thread_join(handle) }
        for loop in loops { loop.waker.close() }
    }
}

/// What a new thread needs: its loop and the body (passed through `pthread_create`).
final class ThreadStart: Sendable {
    let loop: EventLoopThread
    let body: @Sendable (EventLoopThread) -> Void

    init(loop: EventLoopThread, body: @escaping @Sendable (EventLoopThread) -> Void) {
        self.loop = loop
        self.body = body
    }
}
