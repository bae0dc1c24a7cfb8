import EpollIO
import HTTP2
import PerMessageDeflate
import Glibc
import WebSocketCore

/// One event loop of the echo server: a thread with its own epoll set, SO_REUSEPORT listener,
/// receive buffer, fd-indexed connection table and timer wheel. Nothing is shared with other loops
/// on the hot path.
///
/// Bytes flow `epoll_wait` → `read` through the connection's `Transport` into ``receive`` →
/// ``MessageReader`` (unmask in place) → ``WriteBatch`` (fresh header + payload where it lies) → one
/// `writev` per read → whatever the kernel did not take goes to the connection's `OutboundBuffer`.
/// What happens to a connection (pings, timeouts, the close handshake) is decided by its
/// ``ServerConnectionLifecycle``; the loop performs the actions it returns (`perform(_:on:)`).
final class ServerLoop {
    let configuration: ServerConfiguration
    let thread: EventLoopThread
    let shared: ServerShared
    var listener: Int32
    // Each `@exclusivity(unchecked)` below marks state touched on every message (only this loop's
    // thread touches it): without them the server runs 2,433 instead of 1,606 user-space instructions
    // per echoed message at 100 × 20 B (+52 %; 3,776 vs 2,947 at 16 KiB; callgrind, results/architecture.md).
    @exclusivity(unchecked) var epoll: Epoll
    @exclusivity(unchecked) var receive: ReceiveBuffer
    @exclusivity(unchecked) var batch = WriteBatch()
    @exclusivity(unchecked) var wheel: TimerWheel
    /// Connection state indexed by file descriptor.
    @exclusivity(unchecked) var table: DescriptorTable<ServerConnection>
    /// The highest descriptor whose slot holds a connection (-1: none); lowered as they close, so
    /// that the timer pass can shrink the table after a burst.
    @exclusivity(unchecked) var highestDescriptor: Int32 = -1
    /// The table's capacity when freed pages were last handed back (see ``FreedPages``).
    var tableCapacityReturned = 0
    @exclusivity(unchecked) var counters = ServerCounters()
    /// Loop time in milliseconds, read once per wake-up.
    @exclusivity(unchecked) var now: Int64
    /// The configured timeouts, as every lifecycle event that sets a deadline wants them.
    let timeouts: ConnectionTimeouts
    /// How the connections this loop accepts carry their bytes: `.tls` when the server has a
    /// ``ServerConfiguration/tls`` context.
    let acceptedTransport: Transport
    /// The server's TLS context (nil: plain TCP) and this loop's record-sized buffer for its TLS
    /// connections' gathered writes.
    let tlsContext: TLSContext?
    let tlsScratch: TLSWriteScratch?
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
    /// ISA-L / libdeflate state shared by every compressed connection of this loop.
    let deflateWorkspace = DeflateWorkspace()
    /// The test page, as a ready HTTP response.
    let pageResponse: [UInt8]
    /// The test page's HTML alone (the body of its HTTP/2 answer).
    let pageBody: [UInt8]
    /// The HTTP/2 state of this loop's HTTP/2 connections, by descriptor (looked up once per readiness
    /// event, never per message).
    var http2Connections: [Int32: HTTP2ServerConnection] = [:]
    /// Where `nghttp2_session_mem_send`'s frames are gathered into one write.
    let http2WriteScratch = HTTP2WriteScratch()
    /// Drained HTTP/2 stream output storage, reused by the next stream that echoes.
    let http2OutputReserve = HTTP2OutputStorageReserve()

    init(configuration: ServerConfiguration, thread: EventLoopThread, listener: Int32, shared: ServerShared, descriptorLimit: Int) throws(SocketError) {
        self.configuration = configuration
        self.thread = thread
        self.listener = listener
        self.shared = shared
        epoll = try Epoll(maximumEventsPerWait: 1024)
        receive = ReceiveBuffer(capacity: 256 << 10)
        now = MonotonicClock.coarseMilliseconds()
        timeouts = ConnectionTimeouts(configuration)
        tlsContext = configuration.tls
        acceptedTransport = configuration.tls == nil ? .plainTCP : .tls
        tlsScratch = configuration.tls == nil ? nil : TLSWriteScratch()
        wheel = TimerWheel(capacity: max(descriptorLimit, 1024), slotCount: 1024, tickMilliseconds: 50, now: now)
        table = DescriptorTable(vacant: ServerLoop.freeConnection(configuration))
        pageBody = Array(TestPage.html(webSocketPath: configuration.path).utf8)
        pageResponse = HandshakeResponse.ok(body: pageBody, contentType: "text/html; charset=utf-8")
        try epoll.add(listener, events: .readable)
        try epoll.add(thread.waker.fileDescriptor, events: .readable)
    }

    /// The value of a free slot.
    static func freeConnection(_ configuration: ServerConfiguration) -> ServerConnection {
        ServerConnection(maximumMessageLength: configuration.maximumMessageLength)
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
                if let tlsContext, let tlsScratch, tlsContext.attachStream(to: fd, scratch: tlsScratch) == nil {
                    Socket.close(fd)
                    continue
                }
                let c = table.prepare(fd)
                c.pointee.transport = acceptedTransport
                c.pointee.handshake = PendingHandshake(maximumHeadSize: configuration.maximumRequestHeadLength)
                let action = c.pointee.lifecycle.accepted(at: now, timeouts, tlsHandshake: tlsContext != nil)
                do {
                    try epoll.add(fd, events: .readable)
                } catch {
                    table.vacate(fd)
                    acceptedTransport.close(fd)
                    continue
                }
                if fd > highestDescriptor { highestDescriptor = fd }
                counters.connectionsAccepted &+= 1
                openCount &+= 1
                perform(action, on: fd)
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

    /// Dispatches a connection's readiness: pending output first, then input as its phase wants it
    /// (also on a writable event when the last read or TLS handshake step waited for one).
    func handle(_ fd: Int32, _ events: EpollEvents) {
        guard table.contains(fd) else { return }
        let c = connection(fd)
        if c.pointee.isHTTP2 {
            handleHTTP2(fd, events)
            return
        }
        if events.contains(.writable) && c.pointee.lifecycle.isInUse { onWritable(fd) }
        if events.contains(.readable) || events.contains(.hangup) || events.contains(.error)
            || (c.pointee.inputWaitsForWritable && events.contains(.writable))
        {
            switch c.pointee.lifecycle.input {
            case .ignore: return
            case .tlsHandshake: continueTLSHandshake(fd)
            case .requestHead: readHandshake(fd)
            case .frames: readFrames(fd)
            case .discard: discardInput(fd)
            }
        }
    }

    /// Closes the socket and frees the slot (and with it the handshake, deflate and message state).
    func closeConnection(_ fd: Int32, abrupt: Bool) {
        let c = connection(fd)
        guard c.pointee.lifecycle.isInUse else { return }
        if c.pointee.lifecycle.isUpgraded { shared.openWebSockets.subtract(1, ordering: .relaxed) }
        if abrupt { counters.abruptCloses &+= 1 }
        wheel.cancel(fd)
        if c.pointee.isHTTP2 { closeHTTP2(fd) }
        c.pointee.transport.close(fd)
        c.pointee.outbound.release()
        table.vacate(fd)
        counters.connectionsClosed &+= 1
        openCount &-= 1
        if fd == highestDescriptor { lowerHighestDescriptor() }
    }

    /// The connection at ``highestDescriptor`` went: find the highest one still in use (-1: none).
    func lowerHighestDescriptor() {
        var fd = highestDescriptor
        while fd >= 0 && !connection(fd).pointee.lifecycle.isInUse { fd &-= 1 }
        highestDescriptor = fd
    }
}
