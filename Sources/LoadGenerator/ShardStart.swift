/// When a shard starts: at an agreed wall-clock time (`--start-at UNIX_TIME`) or after a delay
/// (`--start-in SECONDS`), so that shards on several machines start together.
///
/// The wall clocks of the machines are assumed to be synchronised (NTP/PTP, as on any Kubernetes
/// node); each shard records what it was asked for and when it actually started, wall clock and
/// monotonic, and `wsbench merge` reports the spread of the actual starts.
public struct ShardStart: Sendable, Equatable {
    /// The wall-clock time (seconds since the epoch) to start at.
    public var wallClock: Double

    /// How far in the past a `--start-at` may lie (a pod scheduled a little late) before it is refused.
    public static let defaultTolerance = 5.0
    /// The longest wait accepted (s): a start further ahead is refused as a mistake.
    public static let longestWait = 86_400.0

    /// The start asked for with `--start-at` (`at`) or `--start-in` (`in`), at wall-clock time `now`;
    /// nil when neither was given. Throws when both are, a value is not a finite non-negative number,
    /// or `at` lies more than `tolerance` seconds in the past.
    public static func resolve(
        at: Double?, in delay: Double?, now: Double, tolerance: Double = defaultTolerance
    ) throws(ShardSpecError) -> ShardStart? {
        switch (at, delay) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw .bothStartOptions
        case (let at?, nil):
            guard at.isFinite, at >= 0 else { throw .invalidStartTime("\(at)") }
            if now - at > tolerance { throw .startInThePast(secondsAgo: now - at, tolerance: tolerance) }
            if at - now > longestWait { throw .startTooFarAhead(seconds: at - now) }
            return ShardStart(wallClock: at)
        case (nil, let delay?):
            guard delay.isFinite, delay >= 0 else { throw .invalidStartTime("\(delay)") }
            if delay > longestWait { throw .startTooFarAhead(seconds: delay) }
            return ShardStart(wallClock: now + delay)
        }
    }

    /// Seconds to wait at wall-clock time `now` (0 when the time has come).
    public func secondsToWait(now: Double) -> Double { max(0, wallClock - now) }
}

/// A shard's clocks when its run started, recorded in its result so that `merge` can check and
/// report how together the shards started.
public struct ShardClock: Sendable, Equatable {
    /// The start asked for (seconds since the epoch); nil when the shard started at once.
    public var requestedStart: Double?
    /// The wall clock (`CLOCK_REALTIME`, seconds since the epoch) when the run started.
    public var wallClock: Double
    /// The monotonic clock (`CLOCK_MONOTONIC`, ns) at the same moment.
    public var monotonicNanoseconds: Int64

    /// A record of the clocks.
    public init(requestedStart: Double?, wallClock: Double, monotonicNanoseconds: Int64) {
        self.requestedStart = requestedStart
        self.wallClock = wallClock
        self.monotonicNanoseconds = monotonicNanoseconds
    }

    /// Seconds the actual start came after the requested one (nil without a requested start).
    public var lateness: Double? { requestedStart.map { wallClock - $0 } }
}
