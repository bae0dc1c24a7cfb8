import LoadGenerator

/// When each cell of a sharded sweep (`wsbench matrix --shard I/N`) starts, so that the shards of
/// one sweep run every cell together: run number k (round-major: round 1 of every cell, then round
/// 2, …) starts at `start + k × cellPeriodSeconds`, a wall-clock time every shard computes alike
/// from the shared `--start-at` and the sweep's configuration.
public struct MatrixShardSchedule: Sendable, Equatable {
    /// The wall-clock time (seconds since the epoch) of the first cell.
    public var start: Double
    /// Seconds from one cell's start to the next's.
    public var cellPeriodSeconds: Double

    /// The gap after a cell's warm-up and measured time: the load's drain (2 s by default) and a
    /// second for closing and writing the round, so that a cell ends before the next one is due.
    public static let gapSeconds = 3.0

    /// The schedule of `configuration` starting at `start`.
    public init(start: Double, configuration: MatrixConfiguration) {
        self.start = start
        self.cellPeriodSeconds = configuration.warmupSeconds + configuration.durationSeconds + Self.gapSeconds
    }

    /// The wall-clock start of run `k` (0-based, round-major).
    public func startOfRun(_ k: Int) -> Double { start + Double(k) * cellPeriodSeconds }
}
