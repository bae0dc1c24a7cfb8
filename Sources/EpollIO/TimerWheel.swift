/// A hashed timing wheel of one timer per index (a connection index or fd), for
/// keep-alive pings and idle timeouts.
///
/// Timers are intrusive: doubly linked lists threaded through preallocated arrays
/// indexed by the timer's index, so `schedule`, `cancel` and rescheduling are O(1)
/// and allocate nothing. Deadlines are rounded up to whole ticks: a timer never
/// fires early and fires at most one tick (plus the caller's polling delay) late.
/// A deadline further away than one rotation (`slotCount × tickMilliseconds`) simply
/// stays in its slot until its round comes.
///
/// Intended pattern (nothing per message): every read stores `lastActivity[i] = now`
/// as a plain integer. The wheel holds one timer per connection, set to
/// `lastActivity + idleTimeout`. When it fires, the owner compares `lastActivity`:
/// if the connection was active since, it reschedules to `lastActivity + idleTimeout`;
/// otherwise it pings or closes it.
///
/// ```swift
/// wheel.advance(to: MonotonicClock.coarseMilliseconds()) { wheel, index in
///     let due = lastActivity[Int(index)] + idleTimeout
///     if due > now { wheel.schedule(index, at: due) } else { closeIdle(index) }
/// }
/// ```
public struct TimerWheel: ~Copyable {
    /// Number of indices (0 ..< capacity) the wheel can hold timers for.
    public let capacity: Int
    /// Number of slots (a power of two).
    public let slotCount: Int
    /// Milliseconds per slot.
    public let tickMilliseconds: Int64
    /// Number of timers currently scheduled.
    @inlinable
    public var scheduledCount: Int { storedScheduledCount }
    @usableFromInline var storedScheduledCount: Int

    @usableFromInline static var none: Int32 { -1 }
    @usableFromInline static var unscheduled: Int32 { -2 }
    @usableFromInline static var slotNotStarted: Int32 { -2 }

    @usableFromInline let heads: UnsafeMutablePointer<Int32>
    @usableFromInline let next: UnsafeMutablePointer<Int32>
    /// The previous entry, `none` for a list head, `unscheduled` when not in the wheel.
    @usableFromInline let previous: UnsafeMutablePointer<Int32>
    @usableFromInline let deadlineTicks: UnsafeMutablePointer<Int64>
    /// The next tick whose slot is (being) processed.
    @usableFromInline var currentTick: Int64
    /// The next entry to examine in the current slot, or `slotNotStarted`.
    @usableFromInline var cursor: Int32

    /// Creates an empty wheel for indices `0 ..< capacity`, with `slotCount` slots
    /// (rounded up to a power of two) of `tickMilliseconds` each, starting at `now`.
    public init(capacity: Int, slotCount: Int = 1024, tickMilliseconds: Int64 = 100, now: Int64) {
        precondition(capacity > 0 && capacity < Int(Int32.max))
        precondition(slotCount > 0 && tickMilliseconds > 0)
        var slots = 1
        while slots < slotCount { slots <<= 1 }
        self.capacity = capacity
        self.slotCount = slots
        self.tickMilliseconds = tickMilliseconds
        self.storedScheduledCount = 0
        self.heads = .allocate(capacity: slots)
        self.heads.initialize(repeating: TimerWheel.none, count: slots)
        self.next = .allocate(capacity: capacity)
        self.next.initialize(repeating: TimerWheel.none, count: capacity)
        self.previous = .allocate(capacity: capacity)
        self.previous.initialize(repeating: TimerWheel.unscheduled, count: capacity)
        self.deadlineTicks = .allocate(capacity: capacity)
        self.deadlineTicks.initialize(repeating: 0, count: capacity)
        self.currentTick = now / tickMilliseconds
        self.cursor = TimerWheel.slotNotStarted
    }

    deinit {
        heads.deallocate()
        next.deallocate()
        previous.deallocate()
        deadlineTicks.deallocate()
    }

    /// True if `index` has a scheduled timer.
    @inlinable
    public func isScheduled(_ index: Int32) -> Bool {
        precondition(index >= 0 && Int(index) < capacity, "timer index out of range")
        return previous[Int(index)] != TimerWheel.unscheduled
    }

    /// The deadline of `index`'s timer in milliseconds (rounded up to its tick), or nil.
    @inlinable
    public func deadline(of index: Int32) -> Int64? {
        isScheduled(index) ? deadlineTicks[Int(index)] * tickMilliseconds : nil
    }

    /// Schedules `index` to expire at `deadlineMilliseconds`, replacing its previous
    /// timer if it had one. A deadline in the past expires at the next `advance`.
    @inlinable
    public mutating func schedule(_ index: Int32, at deadlineMilliseconds: Int64) {
        precondition(index >= 0 && Int(index) < capacity, "timer index out of range")
        if isScheduled(index) { unlink(index) }
        var tick = (deadlineMilliseconds + tickMilliseconds - 1) / tickMilliseconds
        // A slot being walked is not revisited this pass: go to the next one.
        let earliest = cursor == TimerWheel.slotNotStarted ? currentTick : currentTick + 1
        if tick < earliest { tick = earliest }
        deadlineTicks[Int(index)] = tick
        let slot = Int(tick) & (slotCount - 1)
        let head = heads[slot]
        next[Int(index)] = head
        previous[Int(index)] = TimerWheel.none
        if head != TimerWheel.none { previous[Int(head)] = index }
        heads[slot] = index
        storedScheduledCount += 1
    }

    /// Cancels `index`'s timer if it has one.
    @inlinable
    public mutating func cancel(_ index: Int32) {
        if isScheduled(index) { unlink(index) }
    }

    @inlinable
    mutating func unlink(_ index: Int32) {
        let i = Int(index)
        let before = previous[i]
        let after = next[i]
        if cursor == index { cursor = after }
        if before == TimerWheel.none {
            heads[Int(deadlineTicks[i]) & (slotCount - 1)] = after
        } else {
            next[Int(before)] = after
        }
        if after != TimerWheel.none { previous[Int(after)] = before }
        previous[i] = TimerWheel.unscheduled
        next[i] = TimerWheel.none
        storedScheduledCount -= 1
    }

    /// Removes and returns one timer that has expired by `now`, or nil when none is left.
    ///
    /// The caller may schedule or cancel any timer between calls (including rescheduling
    /// the one just returned). Time going backwards is ignored.
    @inlinable
    public mutating func nextExpired(now: Int64) -> Int32? {
        let nowTick = now / tickMilliseconds
        if cursor == TimerWheel.slotNotStarted {
            if currentTick > nowTick { return nil }
            beginSlot(nowTick: nowTick)
        }
        while true {
            while cursor != TimerWheel.none {
                let index = cursor
                cursor = next[Int(index)]
                if deadlineTicks[Int(index)] <= nowTick {
                    unlink(index)
                    return index
                }
            }
            currentTick += 1
            if currentTick > nowTick {
                cursor = TimerWheel.slotNotStarted
                return nil
            }
            beginSlot(nowTick: nowTick)
        }
    }

    /// Points the cursor at the current tick's slot; after a jump of a whole rotation
    /// or more, skips to the last rotation (which visits every slot once).
    @inlinable
    mutating func beginSlot(nowTick: Int64) {
        if nowTick - currentTick >= Int64(slotCount) {
            currentTick = nowTick - Int64(slotCount) + 1
        }
        cursor = heads[Int(currentTick) & (slotCount - 1)]
    }

    /// Delivers every timer expired by `now` to `body`, which receives the wheel so it
    /// can reschedule (or cancel) timers. Allocates nothing (`body` is non-escaping).
    @inlinable
    public mutating func advance(to now: Int64, _ body: (inout TimerWheel, Int32) -> Void) {
        while let index = nextExpired(now: now) {
            body(&self, index)
        }
    }

    /// Moves up to `expired.count` timers expired by `now` into `expired` and returns
    /// how many. If it returns `expired.count`, more may be due: call again.
    @inlinable
    public mutating func advance(to now: Int64, into expired: UnsafeMutableBufferPointer<Int32>) -> Int {
        var count = 0
        while count < expired.count, let index = nextExpired(now: now) {
            expired[count] = index
            count += 1
        }
        return count
    }
}
