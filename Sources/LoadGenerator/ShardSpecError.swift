/// Why a `--shard`, `--start-at` or `--start-in` value was refused.
public enum ShardSpecError: Error, Equatable, CustomStringConvertible {
    /// Not `I/N` with two integers.
    case malformed(String)
    /// N below 1.
    case countBelowOne(Int)
    /// I outside 0..<N.
    case indexOutOfRange(index: Int, count: Int)
    /// The shard would run no connection: more shards than connections.
    case noConnections(shard: ShardSpec, connections: Int)
    /// `--start-at` and `--start-in` given together.
    case bothStartOptions
    /// A start time that is not a finite, non-negative number.
    case invalidStartTime(String)
    /// The start time lies further in the past than the tolerance allows.
    case startInThePast(secondsAgo: Double, tolerance: Double)
    /// The start time lies more than ``ShardStart/longestWait`` ahead (a typo, or milliseconds for seconds).
    case startTooFarAhead(seconds: Double)

    public var description: String {
        switch self {
        case .malformed(let text): return "--shard takes I/N (shard I of N, 0 ≤ I < N), e.g. 0/4; got \(text)"
        case .countBelowOne(let n): return "--shard I/N: N must be at least 1, got \(n)"
        case .indexOutOfRange(let i, let n): return "--shard I/N: I must be in 0...\(n - 1) (shards are numbered from 0), got \(i)/\(n)"
        case .noConnections(let shard, let connections):
            return "--shard \(shard): \(connections) connections over \(shard.count) shards leave shard \(shard.index) none; use at least as many connections as shards"
        case .bothStartOptions: return "--start-at and --start-in exclude each other"
        case .invalidStartTime(let text): return "the start time must be a non-negative number of seconds, got \(text)"
        case .startInThePast(let ago, let tolerance):
            return "--start-at lies \(Self.seconds(ago)) s in the past (more than the \(Self.seconds(tolerance)) s tolerance): the shards would not start together; give a later time (e.g. now + 30 s)"
        case .startTooFarAhead(let seconds):
            return "the start lies \(Self.seconds(seconds)) s ahead, more than a day: --start-at takes Unix seconds (not milliseconds), --start-in a delay"
        }
    }

    static func seconds(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return "\(Int(tenths) / 10).\(abs(Int(tenths)) % 10)"
    }
}
