/// What the precise open-loop sender (``OpenLoopTimer/precise``) does about the next message at a
/// given time: a pure decision on the clock, the message's due time and the spin margin.
public enum SendDecision: Equatable, Sendable {
    /// The message is due (now or past): send it.
    case send
    /// Due within the margin: poll without blocking and look again.
    case spin
    /// Due later than the margin: sleep until this time (due − margin), then spin.
    case sleep(until: Int64)

    /// The decision at `now` for a message due at `due`, with `margin` nanoseconds of spinning
    /// before it (all on the monotonic clock, in ns).
    @inlinable
    public static func at(now: Int64, due: Int64, margin: Int64) -> SendDecision {
        if due <= now { return .send }
        if due - now <= margin { return .spin }
        return .sleep(until: due - margin)
    }
}
