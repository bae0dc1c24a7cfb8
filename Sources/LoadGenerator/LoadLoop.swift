import Histogram
import CLoadGenerator
import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

/// One thread of the load generator: its own epoll set, receive and send buffers, fd-indexed
/// connection table, time ring and histograms. Nothing is shared with other threads on the hot
/// path; counters and histograms are handed to ``LoadShared`` once per report interval.
///
/// Per message: at most one `read` and one `write` per connection and wake-up (every echo read in
/// one go is verified and answered with one batched write), no allocation, one clock read per read.
final class LoadLoop {
    /// Where the run is, for this thread.
    enum Stage {
        /// Connecting and sending.
        case running
        /// No new messages; waiting for outstanding echoes.
        case draining
        /// Close frames sent; waiting for the server's.
        case closing
        case done
    }

    let configuration: LoadConfiguration
    let plan: LoadPlan
    let thread: EventLoopThread
    let shared: LoadShared
    let templates: PayloadTemplates
    let templateList: UnsafeMutablePointer<PayloadTemplate>
    let templateCount: UInt64
    let opcode: Opcode
    let offer: String?
    let timerDescriptor: Int32
    @exclusivity(unchecked) var epoll: Epoll
    @exclusivity(unchecked) var receive: ReceiveBuffer
    /// Connection state indexed by file descriptor.
    @exclusivity(unchecked) var table: DescriptorTable<LoadConnection>
    /// Send (closed loop) or intended send (open loop) times: `ringCapacity` per slot.
    @exclusivity(unchecked) var times: UnsafeMutablePointer<Int64>
    let ringMask: UInt64
    let ringShift: Int
    /// The descriptor of each slot's connection, -1 when it has none.
    @exclusivity(unchecked) var slotDescriptors: UnsafeMutablePointer<Int32>
    let slotCount: Int
    var handshakes: [ClientHandshake?]
    var sessions: [DeflateSession?]
    /// The frames about to be written to one connection.
    @exclusivity(unchecked) var sendBuffer: UnsafeMutableRawPointer
    let sendCapacity: Int
    /// Room a single message frame may need in ``sendBuffer``.
    let frameRoom: Int
    @exclusivity(unchecked) var sendUsed = 0
    /// A stamped, unmasked copy of a payload, for compression.
    @exclusivity(unchecked) var staging: UnsafeMutableRawPointer
    @exclusivity(unchecked) var keys = MaskingKeyGenerator()
    @exclusivity(unchecked) var counters = LoadCounters()
    /// Latencies of this report interval (folded into ``total`` at each report).
    @exclusivity(unchecked) var interval = LatencyHistogram.makeLatency()
    var total = LatencyHistogram.makeLatency()
    var connectTimes = LatencyHistogram.makeLatency()
    var handshakeTimes = LatencyHistogram.makeLatency()
    var negotiated: [String: Int] = [:]
    /// Connections found stalled at the end (told in one note for the whole run).
    var stall = SendStall()
    /// Monotonic time in nanoseconds, read once per wake-up and once per read.
    @exclusivity(unchecked) var now: Int64
    @exclusivity(unchecked) var stage = Stage.running
    var stageDeadline: Int64 = .max
    /// Messages sent (closed loop) or due (open loop) and not yet echoed, over all connections.
    @exclusivity(unchecked) var outstanding = 0
    /// Slots whose exchange is over (connection gone, or its quota echoed).
    var settled = 0
    var nextSlotToConnect = 0
    var nextConnectAt: Int64
    let connectStep: Int64
    /// Connections connecting or handshaking.
    var inProgress = 0
    /// Connections open or closing.
    var openCount = 0
    var nextReportAt: Int64
    /// When the latest connection completed its handshake.
    var lastOpenedAt: Int64 = 0
    var reportIndex = 0
    var nextTimeoutScan: Int64 = 0
    var stopConnecting = false
    // Open loop.
    let openLoop: Bool
    let openLoopRate: Double
    var scheduleStarted = false
    var schedule = OpenLoopSchedule(start: 0, rate: 0, slots: 0, connections: 1, thread: 0, threads: 1)
    var scheduleCount: UInt64 = 0
    var scheduleQuota: UInt64 = .max
    var timerArmedFor: Int64 = 0

    static let maximumConnectsInProgress = 256
    /// Unsent bytes on a connection past which pongs are no longer queued (see `processFrames`).
    static let pongBacklogLimit = 64 << 10

    init(configuration: LoadConfiguration, plan: LoadPlan, thread: EventLoopThread, shared: LoadShared, templates: PayloadTemplates) throws(SocketError) {
        self.configuration = configuration
        self.plan = plan
        self.thread = thread
        self.shared = shared
        self.templates = templates
        templateCount = UInt64(templates.templates.count)
        templateList = .allocate(capacity: templates.templates.count)
        templateList.initialize(from: templates.templates, count: templates.templates.count)
        opcode = configuration.opcode
        offer = configuration.compression.flatMap { DeflateNegotiation.offer($0) }
        epoll = try Epoll(maximumEventsPerWait: 1024)
        receive = ReceiveBuffer(capacity: 256 << 10)
        slotCount = plan.slotCount(thread: thread.index, connections: configuration.connections)
        table = DescriptorTable(vacant: LoadConnection(maximumMessageLength: configuration.maximumMessageLength))
        let window = configuration.inFlight > 0 ? configuration.inFlight : configuration.openLoopWindow
        var capacity = 1
        var shift = 0
        while capacity < window {
            capacity <<= 1
            shift += 1
        }
        ringMask = UInt64(capacity - 1)
        ringShift = shift
        times = .allocate(capacity: max(slotCount, 1) << shift)
        times.initialize(repeating: 0, count: max(slotCount, 1) << shift)
        slotDescriptors = .allocate(capacity: max(slotCount, 1))
        slotDescriptors.initialize(repeating: -1, count: max(slotCount, 1))
        handshakes = Array(repeating: nil, count: slotCount)
        sessions = Array(repeating: nil, count: slotCount)
        let largest = templates.maximumCount
        frameRoom = largest + largest / 8 + 64 + FrameHeader.maximumLength
        sendCapacity = max(256 << 10, 4 * frameRoom)
        sendBuffer = .allocate(byteCount: sendCapacity, alignment: 64)
        staging = .allocate(byteCount: largest + 64, alignment: 64)
        now = MonotonicClock.nanoseconds()
        nextConnectAt = plan.start
        let perThreadRate = configuration.connectRate * Double(slotCount) / Double(configuration.connections)
        connectStep = perThreadRate > 0 ? Int64(1e9 / perThreadRate) : 0
        nextReportAt = plan.start + plan.reportInterval
        if case .openLoop(let rate) = configuration.mode {
            openLoop = true
            openLoopRate = rate
            if let count = configuration.messageCount {
                var quota = 0
                for slot in 0..<slotCount {
                    quota += LoadPlan.quota(
                        total: count, connections: configuration.connections,
                        number: plan.connectionNumber(thread: thread.index, slot: slot))
                }
                scheduleQuota = UInt64(quota)
            }
        } else {
            openLoop = false
            openLoopRate = 0
        }
        timerDescriptor = openLoop ? wsb_timerfd_create() : -1
        try epoll.add(thread.waker.fileDescriptor, events: .readable)
        if timerDescriptor >= 0 {
            try epoll.add(timerDescriptor, events: .readable)
        }
    }

    deinit {
        times.deallocate()
        slotDescriptors.deallocate()
        sendBuffer.deallocate()
        staging.deallocate()
        templateList.deallocate()
        if timerDescriptor >= 0 { Socket.close(timerDescriptor) }
    }

    @inline(__always)
    func connection(_ fd: Int32) -> UnsafeMutablePointer<LoadConnection> { table[fd] }

    @inline(__always)
    func timeSlot(_ c: UnsafeMutablePointer<LoadConnection>, _ message: UInt64) -> UnsafeMutablePointer<Int64> {
        times + (Int(c.pointee.slot) << ringShift | Int(message & ringMask))
    }

    /// Runs the thread's share of the run and hands its results to ``shared``.
    func run() {
        while stage != .done {
            now = MonotonicClock.nanoseconds()
            advanceStage()
            if stage == .done { break }
            if stage == .running { startConnections() }
            if openLoop { runSchedule() }
            if inProgress > 0 && now >= nextTimeoutScan { expireConnects() }
            if now >= nextReportAt { report() }
            let events: EpollReadyEvents
            do {
                events = try epoll.wait(timeoutMilliseconds: waitTimeout())
            } catch {
                shared.note("epoll_wait failed: \(error)")
                break
            }
            now = MonotonicClock.nanoseconds()
            for event in events {
                let fd = event.fileDescriptor
                if fd == thread.waker.fileDescriptor {
                    _ = thread.waker.drain()
                } else if fd == timerDescriptor {
                    _ = wsb_timerfd_drain(fd)
                    timerArmedFor = 0
                } else {
                    handle(fd, event.events)
                }
            }
        }
        closeEverything()
        total.add(interval)
        shared.publish(thread: thread.index, counters: counters, interval: reportIndex, latencies: interval)
        shared.finish(
            thread: thread.index,
            LoadShared.ThreadResult(
                counters: counters, latency: total, connect: connectTimes, handshake: handshakeTimes,
                negotiatedExtensions: negotiated, stall: stall, finishedAt: MonotonicClock.nanoseconds(),
                lastOpenedAt: lastOpenedAt))
    }

    /// Milliseconds until the next thing this loop must do by itself.
    func waitTimeout() -> Int32 {
        var until = nextReportAt
        if stage == .running && nextSlotToConnect < slotCount && !stopConnecting && connectStep > 0 {
            until = min(until, nextConnectAt)
        }
        if stage != .running { until = min(until, stageDeadline) }
        if inProgress > 0 { until = min(until, now + 100_000_000) }
        let milliseconds = (until - now + 999_999) / 1_000_000
        return Int32(clamping: max(0, min(milliseconds, 100)))
    }

    /// Hands this interval's counters and latencies to the reporter.
    func report() {
        shared.publish(thread: thread.index, counters: counters, interval: reportIndex, latencies: interval)
        total.add(interval)
        interval.reset()
        while nextReportAt <= now {
            nextReportAt += plan.reportInterval
            reportIndex += 1
        }
    }

    func handle(_ fd: Int32, _ events: EpollEvents) {
        guard table.contains(fd) else { return }
        let c = connection(fd)
        switch c.pointee.phase {
        case .free:
            return
        case .connecting:
            finishConnecting(fd)
        case .handshaking:
            readHandshake(fd)
        case .open, .closing:
            if events.contains(.writable) && c.pointee.watchingWritable { onWritable(fd) }
            if c.pointee.phase != .free && (events.contains(.readable) || events.contains(.hangup) || events.contains(.error)) {
                readFrames(fd)
            }
        }
    }

    /// Updates the epoll interest of an open connection from its `watchingWritable` flag.
    func updateInterest(_ fd: Int32) {
        let events: EpollEvents = connection(fd).pointee.watchingWritable ? [.readable, .writable] : .readable
        try? epoll.modify(fd, events: events)
    }

    /// Marks a slot's exchange as over (once).
    func settle(_ c: UnsafeMutablePointer<LoadConnection>) {
        if !c.pointee.isSettled {
            c.pointee.isSettled = true
            settled += 1
        }
    }

    /// Closes the socket, frees the slot and counts `kind` if given.
    func closeConnection(_ fd: Int32, _ kind: LoadErrorKind?) {
        let c = connection(fd)
        guard c.pointee.phase != .free else { return }
        if let kind { counters.count(kind) }
        switch c.pointee.phase {
        case .connecting, .handshaking:
            inProgress -= 1
        case .open, .closing:
            openCount -= 1
            counters.connectionsOpen -= 1
            outstanding -= Int(c.pointee.unanswered)
        case .free:
            break
        }
        settle(c)
        let slot = Int(c.pointee.slot)
        Socket.close(fd)
        c.pointee.outbound.release()
        c.pointee.parked.release()
        table.vacate(fd)
        slotDescriptors[slot] = -1
        handshakes[slot] = nil
        sessions[slot] = nil
        counters.connectionsClosed += 1
    }
}
