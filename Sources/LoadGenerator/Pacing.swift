import CLoadGenerator
import EpollIO

/// How one thread paces its messages: the run's ``LoadMode``, with the open-loop schedule's state
/// inside its case. The loop switches on it where closed and open loop differ.
enum Pacing {
    /// Each connection keeps `inFlight` messages in flight; an echo sends the next.
    case closedLoop(inFlight: Int)
    /// Messages fall due on the thread's schedule and go to its open connections in turn.
    case openLoop(OpenLoopPacer)

    init(_ mode: LoadMode, quota: UInt64) {
        switch mode {
        case .closedLoop(let inFlight):
            self = .closedLoop(inFlight: inFlight)
        case .openLoop(let rate):
            self = .openLoop(OpenLoopPacer(rate: rate, quota: quota, timerDescriptor: wsb_timerfd_create()))
        }
    }

    /// The open loop's timer (-1 in closed loop).
    var timerDescriptor: Int32 {
        if case .openLoop(let pacer) = self { return pacer.timerDescriptor }
        return -1
    }
}

/// Open loop's state on one thread: its ``OpenLoopSchedule`` (from when the thread's connections
/// have all been attempted), how many messages have fallen due, and the timer armed for the next.
struct OpenLoopPacer {
    /// Messages per second over all threads.
    let rate: Double
    /// Messages this thread schedules in all (`.max`: until the send time ends).
    let quota: UInt64
    /// A timerfd for due times finer than epoll's milliseconds.
    let timerDescriptor: Int32
    /// Nil until the schedule starts.
    var schedule: OpenLoopSchedule? = nil
    /// Messages given their due time so far.
    var count: UInt64 = 0
    /// The absolute time the timer is armed for (0: not armed, or it fired).
    var timerArmedFor: Int64 = 0

    /// What the schedule asks for next.
    enum Step: Equatable {
        /// Message `count` is due at this time (now or past): send it, then ``advance()``.
        case due(Int64)
        /// Nothing due yet: arm the timer for this time.
        case armTimer(Int64)
        /// Nothing due yet, and the timer is already armed early enough.
        case wait
        /// Nothing due yet, but due within the spin margin: poll without blocking and step again.
        case spin
        /// No more messages: the quota is reached or the send time is over.
        case finished
    }

    /// Whether every message of the quota has fallen due.
    var isComplete: Bool { count >= quota }

    /// The next step at `now`; messages due at or after `sendUntil` are not sent. With a `batch`
    /// interval (ns), the timer wakes no sooner than that after now (what falls due meanwhile goes
    /// out together), and an armed timer is kept: it is never later than needed. With a spin
    /// `margin` (ns, precise timer, no batch) the timer wakes `margin` before the due time and the
    /// last stretch is spun (``SendDecision``).
    func step(now: Int64, sendUntil: Int64, batch: Int64, margin: Int64 = 0) -> Step {
        guard let schedule, count < quota else { return .finished }
        let due = schedule.due(count)
        if due >= sendUntil { return .finished }
        if batch == 0 && margin > 0 {
            switch SendDecision.at(now: now, due: due, margin: margin) {
            case .send: return .due(due)
            case .spin: return .spin
            case .sleep(let wake): return timerArmedFor != wake ? .armTimer(wake) : .wait
            }
        }
        guard due > now else { return .due(due) }
        let wake = batch > 0 ? max(due, now + batch) : due
        let rearm = batch > 0 ? timerArmedFor == 0 : timerArmedFor != due
        return rearm ? .armTimer(wake) : .wait
    }

    /// The due message was handled (sent, queued or overflowed).
    mutating func advance() { count &+= 1 }
}
