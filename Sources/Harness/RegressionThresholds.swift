/// How much worse a cell may get before `wsbench compare` calls it a regression.
///
/// The defaults come from repeated clean runs of the CI sweep on this 2-core, shared machine (see
/// `results/compare-calibration.md`), comparing the best of up to three sweeps with the best of
/// three baseline sweeps. Server CPU per message is the sharp metric (unchanged code stayed within
/// +12 %, a 15 % slowdown shows as +15 % or more); messages/s and p99 move much more with the
/// machine, so they only catch gross regressions.
public struct RegressionThresholds: Sendable {
    /// Largest allowed drop in median messages/s, in percent.
    public var throughputPercent: Double = 20
    /// Largest allowed rise in p99 latency, in percent.
    public var p99Percent: Double = 100
    /// Largest allowed rise in server CPU time per message, in percent.
    public var serverCPUPercent: Double = 12

    public init() {}
}
