@testable import LoadGenerator
import Testing

/// The open-loop pacer and the connect ramp-up alone: no sockets, no timer.
@Suite("Pacing: open-loop steps and connect ramp-up")
struct PacingTests {
    @Test("open-loop pacer: due messages, the timer armed for the next, finished at the quota or the send end")
    func openLoopPacer() {
        var p = OpenLoopPacer(rate: 1000, quota: 3, timerDescriptor: -1)
        #expect(p.step(now: 0, sendUntil: .max, batch: 0) == .finished)  // not started
        p.schedule = OpenLoopSchedule(start: 0, rate: 1000, slots: 1, connections: 1, thread: 0, threads: 1)
        #expect(p.step(now: 0, sendUntil: .max, batch: 0) == .due(0))
        p.advance()
        #expect(p.step(now: 0, sendUntil: .max, batch: 0) == .armTimer(1_000_000))
        p.timerArmedFor = 1_000_000
        #expect(p.step(now: 0, sendUntil: .max, batch: 0) == .wait)
        #expect(p.step(now: 1_000_000, sendUntil: .max, batch: 0) == .due(1_000_000))
        #expect(p.step(now: 1_000_000, sendUntil: 1_000_000, batch: 0) == .finished)  // due at the send end
        p.advance()
        p.advance()
        #expect(p.isComplete)
        #expect(p.step(now: 9_000_000, sendUntil: .max, batch: 0) == .finished)
    }

    @Test("open-loop pacer with a batch interval: wakes no sooner than the batch, keeps an armed timer")
    func openLoopBatch() {
        var p = OpenLoopPacer(rate: 1000, quota: .max, timerDescriptor: -1)
        p.schedule = OpenLoopSchedule(start: 0, rate: 1000, slots: 1, connections: 1, thread: 0, threads: 1)
        p.advance()
        #expect(p.step(now: 0, sendUntil: .max, batch: 5_000_000) == .armTimer(5_000_000))
        p.timerArmedFor = 5_000_000
        #expect(p.step(now: 100, sendUntil: .max, batch: 5_000_000) == .wait)
    }

    @Test("connect pacing: the rate spaces connects, the in-progress cap holds, stopping gives up the rest")
    func connectPacing() {
        var c = ConnectPacing(slotCount: 3, start: 0, connectRate: 1000, connections: 3)
        #expect(c.step == 1_000_000)
        #expect(c.next(now: 0, inProgress: 0) == 0)
        #expect(c.next(now: 0, inProgress: 0) == nil)  // not yet time
        #expect(c.wakeAt == 1_000_000)
        #expect(c.next(now: 1_000_000, inProgress: ConnectPacing.maximumInProgress) == nil)
        #expect(c.next(now: 1_000_000, inProgress: 1) == 1)
        #expect(c.stop(skipRest: true) == 1)
        #expect(c.allAttempted && c.isStopped && c.wakeAt == nil)
        #expect(c.next(now: 9_000_000, inProgress: 0) == nil)

        var fast = ConnectPacing(slotCount: 2, start: 0, connectRate: 0, connections: 2)
        #expect(fast.next(now: 0, inProgress: 0) == 0)
        #expect(fast.next(now: 0, inProgress: 0) == 1)
        #expect(fast.next(now: 0, inProgress: 0) == nil)
        #expect(fast.allAttempted)
    }
}
