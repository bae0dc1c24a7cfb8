import EpollIO
import PerMessageDeflate
import Glibc
import WebSocketCore

/// One event loop of the echo server: a thread with its own epoll set, SO_REUSEPORT listener,
/// receive buffer, fd-indexed connection table and timer wheel. Nothing is shared with other loops
/// on the hot path.
///
/// Bytes flow `epoll_wait` → `read` into ``receive`` → ``MessageReader`` (unmask in place) →
/// ``WriteBatch`` (fresh header + payload where it lies) → one `writev` per read → whatever the
/// kernel did not take goes to the connection's `OutboundBuffer`.
final class ServerLoop {
    let configuration: ServerConfiguration
    let thread: EventLoopThread
    let shared: ServerShared
    var listener: Int32
    @exclusivity(unchecked) var epoll: Epoll
    @exclusivity(unchecked) var receive: ReceiveBuffer
    @exclusivity(unchecked) var batch = WriteBatch()
    @exclusivity(unchecked) var wheel: TimerWheel
    /// Connection state indexed by file descriptor.
    @exclusivity(unchecked) var table: DescriptorTable<ServerConnection>
    @exclusivity(unchecked) var highestDescriptor: Int32 = -1
    @exclusivity(unchecked) var counters = ServerCounters()
    /// Loop time in milliseconds, read once per wake-up.
    @exclusivity(unchecked) var now: Int64
    /// Connections (any phase) this loop owns.
    var openCount = 0
    var shuttingDown = false
    var shutdownDeadline: Int64 = 0
    /// While accept fails for lack of descriptors, the listener is off until this time.
    var acceptPausedUntil: Int64? = nil
    /// Output buffers shared by every compressed connection of this loop: what one message inflates
    /// or deflates to is sent (or copied) before the next message is processed.
    let inflateOutput = DeflateBuffer()
    let deflateOutput = DeflateBuffer()
    /// The test page, as a ready HTTP response.
    let pageResponse: [UInt8]

    init(configuration: ServerConfiguration, thread: EventLoopThread, listener: Int32, shared: ServerShared, descriptorLimit: Int) throws(SocketError) {
        self.configuration = configuration
        self.thread = thread
        self.listener = listener
        self.shared = shared
        epoll = try Epoll(maximumEventsPerWait: 1024)
        receive = ReceiveBuffer(capacity: 256 << 10)
        now = MonotonicClock.coarseMilliseconds()
        wheel = TimerWheel(capacity: max(descriptorLimit, 1024), slotCount: 1024, tickMilliseconds: 50, now: now)
        table = DescriptorTable(vacant: ServerLoop.freeConnection(configuration))
        pageResponse = HandshakeResponse.ok(
            body: Array(TestPage.html(webSocketPath: configuration.path).utf8), contentType: "text/html; charset=utf-8")
        try epoll.add(listener, events: .readable)
        try epoll.add(thread.waker.fileDescriptor, events: .readable)
    }

    static func freeConnection(_ configuration: ServerConfiguration) -> ServerConnection {
        ServerConnection(
            maximumMessageLength: configuration.maximumMessageLength,
            maximumRequestHeadLength: configuration.maximumRequestHeadLength)
    }

    /// Runs until stopped and every connection is gone (or the shutdown timeout passes).
    func run() {
        while true {
            now = MonotonicClock.coarseMilliseconds()
            if thread.isStopRequested && !shuttingDown { beginShutdown() }
            if shuttingDown && (openCount == 0 || now >= shutdownDeadline) { break }
            let events: EpollReadyEvents
            do {
                events = try epoll.wait(timeoutMilliseconds: 50)
            } catch {
                if error.errorNumber == EINTR { continue }
                shared.loopFailed("epoll_wait: \(error)")
                break
            }
            now = MonotonicClock.coarseMilliseconds()
            for event in events {
                let fd = event.fileDescriptor
                if fd == listener {
                    acceptConnections()
                } else if fd == thread.waker.fileDescriptor {
                    _ = thread.waker.drain()
                } else {
                    handle(fd, event.events)
                }
            }
            runTimers()
        }
        closeEverything()
        shared.loopFinished(counters)
    }

    // MARK: Connections

    @inline(__always)
    func connection(_ fd: Int32) -> UnsafeMutablePointer<ServerConnection> { table[fd] }

    func acceptConnections() {
        while true {
            switch Socket.accept(listener) {
            case .accepted(let fd):
                try? Socket.setNoDelay(fd)
                guard Int(fd) < wheel.capacity else {
                    Socket.close(fd)
                    continue
                }
                let c = table.prepare(fd)
                c.pointee.phase = .handshaking
                c.pointee.lastActivity = now
                c.pointee.phaseDeadline = now &+ configuration.handshakeTimeoutMilliseconds
                do {
                    try epoll.add(fd, events: .readable)
                } catch {
                    table.vacate(fd)
                    Socket.close(fd)
                    continue
                }
                wheel.schedule(fd, at: c.pointee.phaseDeadline)
                if fd > highestDescriptor { highestDescriptor = fd }
                counters.connectionsAccepted &+= 1
                openCount &+= 1
            case .wouldBlock:
                return
            case .error(let errno):
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    // Out of descriptors: stop listening for a moment instead of spinning.
                    try? epoll.modify(listener, events: [])
                    acceptPausedUntil = now &+ 100
                }
                return
            }
        }
    }

    func handle(_ fd: Int32, _ events: EpollEvents) {
        guard table.contains(fd) else { return }
        let c = connection(fd)
        if events.contains(.writable) && c.pointee.phase != .free { onWritable(fd) }
        if events.contains(.readable) || events.contains(.hangup) || events.contains(.error) {
            switch c.pointee.phase {
            case .free: return
            case .handshaking: readHandshake(fd)
            case .open: readFrames(fd)
            // After an HTTP error the peer's bytes were never WebSocket frames: drop them.
            case .closing: if c.pointee.upgraded { readFrames(fd) } else { discardInput(fd) }
            case .closeAfterFlush: discardInput(fd)
            }
        }
    }

    /// Updates the epoll interest of `fd` from its paused/watching flags.
    func updateInterest(_ fd: Int32) {
        let c = connection(fd)
        var events: EpollEvents = []
        if !c.pointee.readingPaused { events.insert(.readable) }
        if c.pointee.watchingWritable { events.insert(.writable) }
        try? epoll.modify(fd, events: events)
    }

    /// Closes the socket and frees the slot.
    func closeConnection(_ fd: Int32, abrupt: Bool = false) {
        let c = connection(fd)
        guard c.pointee.phase != .free else { return }
        if c.pointee.upgraded { shared.openWebSockets.subtract(1, ordering: .relaxed) }
        if abrupt { counters.abruptCloses &+= 1 }
        wheel.cancel(fd)
        Socket.close(fd)
        c.pointee.outbound.release()
        c.pointee.parked.release()
        table.vacate(fd)
        counters.connectionsClosed &+= 1
        openCount &-= 1
    }

    /// Sends what the batch holds to `fd`. Returns false if the connection was closed.
    @discardableResult
    func flush(_ fd: Int32) -> Bool {
        let c = connection(fd)
        let bytes = batch.byteCount
        let result = batch.flush(to: fd, outbound: &c.pointee.outbound)
        counters.bytesSent &+= bytes
        switch result {
        case .drained:
            outputDrained(fd)
            return c.pointee.phase != .free
        case .pending:
            var changed = false
            if !c.pointee.watchingWritable {
                c.pointee.watchingWritable = true
                changed = true
            }
            if !c.pointee.readingPaused && configuration.backpressure.shouldPauseReading(pendingBytes: c.pointee.outbound.pendingByteCount) {
                c.pointee.readingPaused = true
                counters.backpressurePauses &+= 1
                changed = true
            }
            if changed { updateInterest(fd) }
            return true
        case .error:
            closeConnection(fd, abrupt: true)
            return false
        }
    }

    /// Nothing is left to send: stop watching for writability, resume reading, free the outbound
    /// storage, and move on to closing if the final answer has gone out.
    func outputDrained(_ fd: Int32) {
        let c = connection(fd)
        if c.pointee.outbound.allocatedByteCount != 0 { c.pointee.outbound.release() }
        if c.pointee.watchingWritable || c.pointee.readingPaused {
            c.pointee.watchingWritable = false
            c.pointee.readingPaused = false
            updateInterest(fd)
        }
        if c.pointee.phase == .closeAfterFlush { finishClosing(fd) }
    }

    func onWritable(_ fd: Int32) {
        let c = connection(fd)
        switch c.pointee.outbound.flush(to: fd) {
        case .drained:
            outputDrained(fd)
        case .pending:
            if c.pointee.readingPaused && configuration.backpressure.shouldResumeReading(pendingBytes: c.pointee.outbound.pendingByteCount) {
                c.pointee.readingPaused = false
                updateInterest(fd)
            }
        case .error:
            closeConnection(fd, abrupt: true)
        }
    }
}

