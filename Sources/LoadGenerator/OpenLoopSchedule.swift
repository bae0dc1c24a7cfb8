/// When each of a thread's open-loop messages is due: evenly spaced `step` nanoseconds apart from
/// `base`. Thread *i* of *n* starts `i/n` of a step late, so the threads' messages interleave and
/// the total rate is even too.
public struct OpenLoopSchedule: Sendable, Equatable {
    /// The due time of message 0 (ns).
    public var base: Int64
    /// Nanoseconds between two of this thread's messages.
    public var step: Double

    /// The schedule of thread `thread` of `threads` with `slots` of `connections` connections, for a
    /// total of `rate` messages per second starting at `start`. On shard `shard` (``ShardSpec``) the
    /// offset is ``ShardSpec/phase(thread:threads:)``: every shard's threads interleave too.
    public init(
        start: Int64, rate: Double, slots: Int, connections: Int, thread: Int, threads: Int, shard: ShardSpec = .whole
    ) {
        let perThread = rate * Double(slots) / Double(connections)
        step = perThread > 0 ? 1e9 / perThread : 1e18
        base = start + Int64(step * shard.phase(thread: thread, threads: threads))
    }

    /// The due time of message `n`.
    @inlinable
    public func due(_ n: UInt64) -> Int64 { base + Int64(Double(n) * step) }
}
