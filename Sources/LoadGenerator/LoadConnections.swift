import EpollIO

/// Every connection of one loop. A connection is its row in the fd-indexed table
/// (``LoadConnection``, what the hot path touches) and, through the row's `slot`, its ``LoadSlot``
/// (descriptor, connect times, in-progress handshake); its send times are a stretch of one
/// contiguous time ring, reached with ``time(_:_:)``. Also counts connections by stage.
struct LoadConnections: ~Copyable {
    var table: DescriptorTable<LoadConnection>
    let slots: UnsafeMutablePointer<LoadSlot>
    /// The connections this thread owns.
    let slotCount: Int
    /// Send (closed loop) or intended send (open loop) times, `ringMask + 1` per slot.
    let times: UnsafeMutablePointer<Int64>
    let ringMask: UInt64
    let ringShift: Int
    /// Connections connecting or handshaking.
    var inProgress = 0
    /// Connections open or closing.
    var openCount = 0
    /// Slots whose exchange is over (connection gone, or its quota echoed).
    var settled = 0

    /// `slotCount` slots with room for `window` unanswered messages each.
    init(slotCount: Int, window: Int, maximumMessageLength: Int) {
        self.slotCount = slotCount
        table = DescriptorTable(vacant: LoadConnection(maximumMessageLength: maximumMessageLength))
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
        slots = .allocate(capacity: max(slotCount, 1))
        slots.initialize(repeating: LoadSlot(), count: max(slotCount, 1))
    }

    deinit {
        times.deallocate()
        slots.deinitialize(count: max(slotCount, 1))
        slots.deallocate()
    }

    /// The row of `fd`.
    @inline(__always)
    subscript(fd: Int32) -> UnsafeMutablePointer<LoadConnection> { table[fd] }

    /// The cold part of `c`'s slot.
    @inline(__always)
    func slot(of c: UnsafeMutablePointer<LoadConnection>) -> UnsafeMutablePointer<LoadSlot> {
        slots + Int(c.pointee.slot)
    }

    /// The descriptor of `slot`'s connection, -1 if it has none.
    @inline(__always)
    func descriptor(slot: Int) -> Int32 { slots[slot].fd }

    /// Where the (intended) send time of message `k` of `c` is kept.
    @inline(__always)
    func time(_ c: UnsafeMutablePointer<LoadConnection>, _ k: UInt64) -> UnsafeMutablePointer<Int64> {
        times + (c.pointee.timeBase | Int(k & ringMask))
    }

    /// Gives `slot`'s new connection on `fd` its row, connecting since `now`.
    mutating func add(_ fd: Int32, slot: Int, number: UInt64, quota: UInt64, now: Int64, maximumMessageLength: Int) -> UnsafeMutablePointer<LoadConnection> {
        let c = table.prepare(fd)
        c.pointee = LoadConnection(maximumMessageLength: maximumMessageLength)
        c.pointee.lifecycle = ConnectionLifecycle(.connecting)
        c.pointee.slot = Int32(slot)
        c.pointee.number = number
        c.pointee.timeBase = slot << ringShift
        c.pointee.quota = quota
        slots[slot] = LoadSlot(fd: fd, startedAt: now)
        inProgress += 1
        return c
    }

    /// Marks a slot's exchange as over (once).
    mutating func settle(_ c: UnsafeMutablePointer<LoadConnection>) {
        if !c.pointee.isSettled {
            c.pointee.isSettled = true
            settled += 1
        }
    }

    /// Frees `fd`'s row and slot (the caller closed the socket) and returns its unanswered
    /// messages; nil if the row was already vacant.
    mutating func remove(_ fd: Int32) -> UInt64? {
        let c = table[fd]
        guard c.pointee.slot >= 0 else { return nil }
        if c.pointee.lifecycle.wasOpened { openCount -= 1 } else { inProgress -= 1 }
        settle(c)
        let unanswered = c.pointee.unanswered
        c.pointee.outbound.release()
        c.pointee.parked.release()
        slots[Int(c.pointee.slot)] = LoadSlot()
        table.vacate(fd)
        return unanswered
    }
}
