/// How much worse a cell may get before `wsbench compare` calls it a regression.
///
/// The defaults were chosen from repeated clean runs of the CI sweep on this 2-core, shared machine
/// (see `results/compare-calibration.md`): they sit above the worst spread seen between unchanged
/// runs and below the 15 % slowdown the gate must catch.
public struct RegressionThresholds: Sendable {
    /// Largest allowed drop in median messages/s, in percent.
    public var throughputPercent: Double = 10
    /// Largest allowed rise in p99 latency, in percent.
    public var p99Percent: Double = 30
    /// Largest allowed rise in server CPU time per message, in percent.
    public var serverCPUPercent: Double = 10

    public init() {}
}
