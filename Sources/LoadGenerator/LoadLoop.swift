import CLoadGenerator
import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

/// One thread of the load generator: its own epoll set, receive and send buffers, connections
/// (``LoadConnections``: fd-indexed rows, slots, time ring) and histograms. Nothing is shared with
/// other threads on the hot path; counters and histograms are handed to ``LoadShared`` once per
/// report interval.
///
/// Per message: at most one `read` and one `write` per connection and wake-up (every echo read in
/// one go is verified and answered with one batched write), no allocation, one clock read per read.
/// Connections move through ``ConnectionLifecycle`` and the thread through ``RunStages``; the loop
/// carries out what they decide.
final class LoadLoop {
    let configuration: LoadConfiguration
    let plan: LoadPlan
    let thread: EventLoopThread
    let shared: LoadShared
    let messages: MessageTemplates
    /// The `Sec-WebSocket-Extensions` offer of every upgrade request (nil: no compression).
    let offer: String?
    /// The `Host` value of every upgrade request (the URL's host, even when connecting to an address).
    let hostHeader: String
    /// `wss://`: the run's one client context, shared by every thread (OpenSSL allows `SSL_new` on a
    /// configured `SSL_CTX` from any thread; the resumable session it keeps is behind a mutex). Nil for `ws://`.
    let tls: TLSContext?
    /// `wss://`: this thread's record-sized buffer for gathered TLS writes.
    let tlsScratch: TLSWriteScratch?
    /// `--http2`: carriers (TCP connections), per-WebSocket stream rows and nghttp2 glue; nil over HTTP/1.1.
    /// Rows of ``connections`` are then keyed by slot, not by descriptor (see `LoadLoop+HTTP2.swift`).
    let http2: HTTP2LoadState?
    /// `--reply any`: the next message answers a request, checked for framing only (no echo verification).
    let replyAny: Bool
    /// ISA-L / libdeflate state shared by this thread's compressed connections.
    let deflateWorkspace = DeflateWorkspace()
    // Each `@exclusivity(unchecked)` below marks state touched on every message (only this thread
    // touches it): without them a run costs 3,643 instead of 2,641 user-space instructions per message
    // at 100 × 20 B (+38 %, callgrind; results/architecture.md).
    @exclusivity(unchecked) var epoll: Epoll
    @exclusivity(unchecked) var receive: ReceiveBuffer
    /// Every connection's row, slot and send times.
    @exclusivity(unchecked) var connections: LoadConnections
    /// The frames about to be written to one connection.
    @exclusivity(unchecked) var send: SendBuffer
    @exclusivity(unchecked) var keys = MaskingKeyGenerator()
    @exclusivity(unchecked) var counters = LoadCounters()
    /// Latencies of this report interval (folded into `totals.latency` at each report).
    @exclusivity(unchecked) var interval = LatencyHistogram.makeLatency()
    /// Open loop: this interval's send lags, actual − intended send time (folded into `totals.sendLag`).
    @exclusivity(unchecked) var sendLag = LatencyHistogram.makeLatency()
    var totals: ThreadTotals
    /// Monotonic time in nanoseconds, read once per wake-up and once per read.
    @exclusivity(unchecked) var now: Int64
    @exclusivity(unchecked) var stages: RunStages
    /// Messages sent (closed loop) or due (open loop) and not yet echoed, over all connections.
    @exclusivity(unchecked) var outstanding = 0
    /// The connection ramp-up.
    var connecting: ConnectPacing
    /// Closed or open loop, with the open loop's schedule state.
    @exclusivity(unchecked) var pacing: Pacing
    /// Open loop, precise timer: nanoseconds before a due time to stop sleeping and spin (0: timerfd only).
    let spinMargin: Int64
    /// Set by ``runSchedule()`` when the next message is due within ``spinMargin``: poll, do not sleep.
    @exclusivity(unchecked) var spinning = false

    /// Unsent bytes on a connection past which pongs are no longer queued (see `processFrames`): a
    /// server that stopped reading and flooded pings made us hold 29.9 MB of pongs; with this bound at
    /// most 68 KB (HostileServerTests, 32 MiB of pings).
    static let pongBacklogLimit = 64 << 10

    init(
        configuration: LoadConfiguration, plan: LoadPlan, thread: EventLoopThread, shared: LoadShared, templates: PayloadTemplates,
        tls: TLSContext? = nil
    ) throws(SocketError) {
        self.tls = tls
        tlsScratch = tls == nil ? nil : TLSWriteScratch()
        self.configuration = configuration
        self.plan = plan
        self.thread = thread
        self.shared = shared
        messages = MessageTemplates(templates, opcode: configuration.opcode)
        offer = configuration.compression.flatMap { DeflateNegotiation.offer($0) }
        hostHeader = configuration.target.hostHeader
        replyAny = configuration.reply == .any
        epoll = try Epoll(maximumEventsPerWait: 1024)
        receive = ReceiveBuffer(capacity: 256 << 10)
        let slotCount = plan.slotCount(thread: thread.index, connections: configuration.shardConnections)
            * (configuration.http2 ? configuration.streamsPerConnection : 1)
        let window: Int
        switch configuration.mode {
        case .closedLoop(let inFlight): window = inFlight
        case .openLoop: window = configuration.openLoopWindow
        }
        connections = LoadConnections(
            slotCount: slotCount, window: window, maximumMessageLength: configuration.maximumMessageLength)
        send = SendBuffer(largestPayload: templates.maximumCount)
        now = MonotonicClock.nanoseconds()
        totals = ThreadTotals(firstReportAt: plan.start + plan.reportInterval)
        stages = RunStages(drainSeconds: configuration.drainSeconds, closeTimeoutSeconds: configuration.closeTimeoutSeconds)
        connecting = ConnectPacing(
            slotCount: slotCount, start: plan.start, connectRate: configuration.connectRate, connections: configuration.connections)
        var quota = UInt64.max
        if case .openLoop = configuration.mode, let count = configuration.messageCount {
            quota = 0
            for slot in 0..<slotCount {
                quota += UInt64(LoadPlan.quota(
                    total: count, connections: configuration.webSocketCount,
                    number: Self.webSocketNumber(plan: plan, configuration: configuration, thread: thread.index, slot: slot)))
            }
        }
        pacing = Pacing(configuration.mode, quota: quota)
        let precise = configuration.openLoopTimer == .precise && configuration.openLoopBatchMicroseconds == 0
        spinMargin = precise && pacing.timerDescriptor >= 0 ? Int64(configuration.openLoopSpinMarginMicroseconds) * 1000 : 0
        http2 = configuration.http2 ? HTTP2LoadState(configuration: configuration, slotCount: slotCount) : nil
        try epoll.add(thread.waker.fileDescriptor, events: .readable)
        if pacing.timerDescriptor >= 0 {
            try epoll.add(pacing.timerDescriptor, events: .readable)
        }
    }

    deinit {
        send.deallocate()
        messages.deallocate()
        if pacing.timerDescriptor >= 0 { Socket.close(pacing.timerDescriptor) }
    }

    /// Runs the thread's share of the run and hands its results to ``shared``.
    func run() {
        let timer = pacing.timerDescriptor
        while stages.stage != .done {
            now = MonotonicClock.nanoseconds()
            advanceStage()
            if stages.stage == .done { break }
            if stages.stage == .running { startConnections() }
            if case .openLoop = pacing { runSchedule() }
            if connections.inProgress > 0 && now >= connecting.nextTimeoutScan { expireConnects() }
            if let http2, http2.lingering > 0 && now >= http2.nextLingerScan { scanLingering() }
            if now >= totals.nextReportAt { report() }
            let events: EpollReadyEvents
            do {
                events = try epoll.wait(timeoutMilliseconds: pollsWithoutSleeping ? 0 : waitTimeout())
            } catch {
                shared.note("epoll_wait failed: \(error)")
                break
            }
            if events.isEmpty { continue }  // the next pass reads the clock
            now = MonotonicClock.nanoseconds()
            for event in events {
                let fd = event.fileDescriptor
                if fd == thread.waker.fileDescriptor {
                    _ = thread.waker.drain()
                } else if fd == timer {
                    _ = wsb_timerfd_drain(fd)
                    if case .openLoop(var pacer) = pacing {
                        pacer.timerArmedFor = 0
                        pacing = .openLoop(pacer)
                    }
                } else {
                    handle(fd, event.events)
                }
            }
        }
        closeEverything()
        totals.latency.add(interval)
        totals.sendLag.add(sendLag)
        shared.publish(thread: thread.index, counters: counters, interval: totals.reportIndex, latencies: interval, sendLags: sendLag)
        shared.finish(thread: thread.index, totals.result(counters: counters, finishedAt: MonotonicClock.nanoseconds()))
    }

    /// Precise open loop: poll epoll without blocking while a message is due within the spin margin
    /// or echoes are awaited, so neither a send nor an echo's arrival waits for a wake-up.
    var pollsWithoutSleeping: Bool {
        spinMargin > 0 && (spinning || (outstanding > 0 && stages.stage != .closing))
    }

    /// Milliseconds until the next thing this loop must do by itself.
    func waitTimeout() -> Int32 {
        var until = totals.nextReportAt
        if stages.stage == .running, let connectAt = connecting.wakeAt { until = min(until, connectAt) }
        if stages.stage != .running { until = min(until, stages.deadline) }
        if connections.inProgress > 0 { until = min(until, now + 100_000_000) }
        if let http2, http2.lingering > 0 { until = min(until, http2.nextLingerScan) }
        let milliseconds = (until - now + 999_999) / 1_000_000
        return Int32(clamping: max(0, min(milliseconds, 100)))
    }

    /// Hands this interval's counters and latencies to the reporter.
    func report() {
        shared.publish(thread: thread.index, counters: counters, interval: totals.reportIndex, latencies: interval, sendLags: sendLag)
        totals.latency.add(interval)
        interval.reset()
        totals.sendLag.add(sendLag)
        sendLag.reset()
        while totals.nextReportAt <= now {
            totals.nextReportAt += plan.reportInterval
            totals.reportIndex += 1
        }
    }

    func handle(_ fd: Int32, _ events: EpollEvents) {
        if http2 != nil { return handleCarrier(fd, events) }
        guard connections.table.contains(fd) else { return }
        let c = connections[fd]
        switch c.pointee.lifecycle.state {
        case .closed:
            return
        case .connecting:
            finishConnecting(fd)
        case .tlsHandshaking:
            continueTLSHandshake(fd)
        case .handshaking:
            readHandshake(fd)
        case .open, .closing:
            if events.contains(.writable) && c.pointee.watchingWritable { onWritable(fd) }
            if c.pointee.lifecycle.state != .closed && (events.contains(.readable) || events.contains(.hangup) || events.contains(.error)) {
                readFrames(fd)
            }
        }
    }

    /// Updates the epoll interest of an open connection from its `watchingWritable` flag.
    func updateInterest(_ fd: Int32) {
        let events: EpollEvents = connections[fd].pointee.watchingWritable ? [.readable, .writable] : .readable
        try? epoll.modify(fd, events: events)
    }

    /// Carries out what a connection's lifecycle decided. False if the connection is gone.
    @discardableResult
    func perform(_ action: ConnectionLifecycle.Action, _ fd: Int32) -> Bool {
        switch action {
        case .none:
            return true
        case .startTLS:
            return startTLS(fd)
        case .sendRequest:
            return sendUpgradeRequest(fd)
        case .startSending:
            return startSending(fd)
        case .settle:
            connections.settle(connections[fd])
            return true
        case .sendClose(let code):
            return queueClose(fd, code)
        case .sendCloseAndDrop(let code, let kind):
            if queueClose(fd, code) { release(fd, kind) }
            return false
        case .drop(let kind):
            release(fd, kind)
            return false
        }
    }

    /// Queues a close frame and flushes it. False if the connection is gone.
    func queueClose(_ fd: Int32, _ code: CloseCode?) -> Bool {
        if send.room < 256 { guard flush(fd) else { return false } }
        appendClose(CloseFrame(code: code))
        return flush(fd)
    }

    /// Closes the socket through its transport, frees the row and slot, and counts `kind` if given.
    func release(_ fd: Int32, _ kind: LoadErrorKind?) {
        let c = connections[fd]
        guard c.pointee.slot >= 0 else { return }
        if let kind { counters.count(kind) }
        if c.pointee.lifecycle.wasOpened { counters.connectionsOpen -= 1 }
        let transport = c.pointee.transport
        guard let unanswered = connections.remove(fd) else { return }
        outstanding -= Int(unanswered)
        if http2 != nil {
            releaseStream(slot: Int(fd))
        } else {
            transport.close(fd)
        }
        counters.connectionsClosed += 1
    }

    /// Drops a connection for the loop's own reason (or none at the end of the run).
    func abandon(_ fd: Int32, _ kind: LoadErrorKind?) {
        perform(connections[fd].pointee.lifecycle.abandon(kind), fd)
    }
}
