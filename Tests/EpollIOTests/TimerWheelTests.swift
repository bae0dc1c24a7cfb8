import EpollIO
import Testing

@Suite("TimerWheel (fake clock, no sleeping)")
struct TimerWheelTests {
    /// Collects every index expiring by `now`.
    static func expire(_ wheel: inout TimerWheel, at now: Int64) -> [Int32] {
        var fired: [Int32] = []
        while let index = wheel.nextExpired(now: now) { fired.append(index) }
        return fired.sorted()
    }

    @Test("Timers fire at their deadline, never before")
    func firesAtDeadline() {
        var wheel = TimerWheel(capacity: 16, slotCount: 8, tickMilliseconds: 10, now: 1000)
        wheel.schedule(1, at: 1050)
        wheel.schedule(2, at: 1055)
        wheel.schedule(3, at: 1100)
        #expect(wheel.scheduledCount == 3)
        #expect(Self.expire(&wheel, at: 1049).isEmpty)
        #expect(Self.expire(&wheel, at: 1050) == [1])
        #expect(Self.expire(&wheel, at: 1059).isEmpty)  // 1055 rounds up to the 1060 tick
        #expect(Self.expire(&wheel, at: 1060) == [2])
        #expect(Self.expire(&wheel, at: 1099).isEmpty)
        #expect(Self.expire(&wheel, at: 1100) == [3])
        #expect(wheel.scheduledCount == 0)
        let stillScheduled = wheel.isScheduled(1)
        #expect(!stillScheduled)
    }

    @Test("cancel removes a timer; rescheduling moves it")
    func cancelAndReschedule() {
        var wheel = TimerWheel(capacity: 16, slotCount: 8, tickMilliseconds: 10, now: 0)
        for index: Int32 in 0..<6 { wheel.schedule(index, at: 30) }
        wheel.cancel(2)
        wheel.cancel(2)  // cancelling twice is harmless
        wheel.schedule(4, at: 70)
        #expect(wheel.deadline(of: 4) == 70)
        #expect(wheel.deadline(of: 2) == nil)
        #expect(wheel.scheduledCount == 5)
        #expect(Self.expire(&wheel, at: 40) == [0, 1, 3, 5])
        #expect(Self.expire(&wheel, at: 69).isEmpty)
        #expect(Self.expire(&wheel, at: 70) == [4])
    }

    @Test("Deadlines beyond one rotation wait for their round")
    func beyondOneRotation() {
        var wheel = TimerWheel(capacity: 4, slotCount: 4, tickMilliseconds: 10, now: 0)
        // One rotation is 40 ms; 10 and 90 share a slot.
        wheel.schedule(0, at: 10)
        wheel.schedule(1, at: 90)
        #expect(Self.expire(&wheel, at: 10) == [0])
        #expect(Self.expire(&wheel, at: 50).isEmpty)
        #expect(Self.expire(&wheel, at: 89).isEmpty)
        #expect(Self.expire(&wheel, at: 95) == [1])
    }

    @Test("A jump of many rotations fires everything due exactly once")
    func largeTimeJump() {
        var wheel = TimerWheel(capacity: 64, slotCount: 8, tickMilliseconds: 1, now: 0)
        for index: Int32 in 0..<64 { wheel.schedule(index, at: Int64(index) * 37) }
        // Indices with deadline <= 1000: 0 ... 27.
        #expect(Self.expire(&wheel, at: 1000) == Array(0...27))
        #expect(Self.expire(&wheel, at: 1_000_000) == Array(28..<64))
        #expect(wheel.scheduledCount == 0)
    }

    @Test("Idle-timeout pattern: reschedule from the advance callback when there was activity")
    func idleTimeoutPattern() {
        let idleTimeout: Int64 = 100
        var lastActivity = [Int64](repeating: 0, count: 3)
        var wheel = TimerWheel(capacity: 3, slotCount: 16, tickMilliseconds: 10, now: 0)
        for index: Int32 in 0..<3 { wheel.schedule(index, at: idleTimeout) }
        // Connection 1 is active at t=60 (a plain store, no timer operation).
        lastActivity[1] = 60
        var timedOut: [Int32] = []
        var rescheduled: [Int32] = []
        wheel.advance(to: 100) { wheel, index in
            let due = lastActivity[Int(index)] + idleTimeout
            if due > 100 {
                wheel.schedule(index, at: due)
                rescheduled.append(index)
            } else {
                timedOut.append(index)
            }
        }
        #expect(timedOut.sorted() == [0, 2])
        #expect(rescheduled == [1])
        #expect(wheel.deadline(of: 1) == 160)
        var expired = [Int32](repeating: -1, count: 4)
        let count = expired.withUnsafeMutableBufferPointer { wheel.advance(to: 160, into: $0) }
        #expect(count == 1)
        #expect(expired[0] == 1)
    }

    @Test("A deadline in the past fires on the next advance; one scheduled mid-slot is not lost")
    func pastDeadlines() {
        var wheel = TimerWheel(capacity: 8, slotCount: 8, tickMilliseconds: 10, now: 100)
        wheel.schedule(0, at: 50)
        #expect(Self.expire(&wheel, at: 100) == [0])
        // Tick 10 is done: already-due timers go to the next tick (fired late, never lost).
        wheel.schedule(1, at: 100)
        wheel.schedule(2, at: 100)
        #expect(Self.expire(&wheel, at: 100).isEmpty)
        // Take one, then schedule another already-due timer while the slot is being walked.
        let first = wheel.nextExpired(now: 110)
        #expect(first == 1 || first == 2)
        wheel.schedule(3, at: 100)
        let rest = Self.expire(&wheel, at: 110)
        #expect(rest.count == 1)
        #expect(Self.expire(&wheel, at: 120) == [3])
        #expect(Set(rest + [first ?? -1]) == [1, 2])
    }

    @Test("The coarse monotonic clock does not go backwards")
    func clockIsMonotonic() {
        let a = MonotonicClock.coarseMilliseconds()
        let b = MonotonicClock.coarseMilliseconds()
        let c = MonotonicClock.nanoseconds()
        let d = MonotonicClock.nanoseconds()
        #expect(a > 0 && b >= a)
        #expect(c > 0 && d >= c)
    }
}
