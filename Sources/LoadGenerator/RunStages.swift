/// Where one load thread's run is — running → draining → closing → done — and the deadline of the
/// current stage, as a value with no I/O: ``advance(now:sendingOver:outstanding:openCount:)`` moves
/// it on when a stage's time or condition comes and returns what the loop must do.
struct RunStages: Equatable {
    enum Stage: UInt8 {
        /// Connecting and sending.
        case running
        /// No new messages; waiting for outstanding echoes (at most the drain time).
        case draining
        /// Close frames sent; waiting for the server's (at most the close timeout).
        case closing
        case done
    }

    enum Action: Equatable {
        case none
        /// Sending is over: drop connections still connecting or handshaking, then advance again
        /// (the drain may be over at once).
        case stopSending
        /// The drain is over: count what is unanswered and send every open connection a close
        /// frame (or drop it as stalled); then call ``closeFramesSent(openCount:)``.
        case beginClosing
        /// The run is over: close every socket left. `closeTimedOut` connections were still
        /// waiting for the server's close frame (`close_timeout`).
        case finish(closeTimedOut: Int)
    }

    private(set) var stage = Stage.running
    /// When the current stage ends at the latest (ns; `.max` while running).
    private(set) var deadline: Int64 = .max
    let drainNanoseconds: Int64
    let closeNanoseconds: Int64

    init(drainSeconds: Double, closeTimeoutSeconds: Double) {
        drainNanoseconds = Int64(drainSeconds * 1e9)
        closeNanoseconds = Int64(closeTimeoutSeconds * 1e9)
    }

    /// Moves on if the current stage is over. `sendingOver`: the send time ended, a stop was
    /// requested, or this thread has nothing more to send. `outstanding`: messages unanswered.
    /// `openCount`: connections open or closing.
    mutating func advance(now: Int64, sendingOver: Bool, outstanding: Int, openCount: Int) -> Action {
        switch stage {
        case .running:
            guard sendingOver else { return .none }
            stage = .draining
            deadline = now + drainNanoseconds
            return .stopSending
        case .draining:
            guard outstanding <= 0 || now >= deadline || openCount == 0 else { return .none }
            stage = .closing
            deadline = now + closeNanoseconds
            return .beginClosing
        case .closing:
            guard openCount == 0 || now >= deadline else { return .none }
            stage = .done
            return .finish(closeTimedOut: openCount)
        case .done:
            return .none
        }
    }

    /// The close frames are out: with no connection left to wait for, the run is over at once.
    mutating func closeFramesSent(openCount: Int) -> Action {
        guard stage == .closing, openCount == 0 else { return .none }
        stage = .done
        return .finish(closeTimedOut: 0)
    }
}
