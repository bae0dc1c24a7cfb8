/// The outcome of one threshold on one cell.
public struct ThresholdVerdict: Sendable, Equatable {
    /// `passed`/`failed`: the value was compared; `noValue`: no cell the threshold applies to reported the
    /// metric (or no cell matched its pattern) — a failure, since the check could not be made.
    public enum Outcome: String, Sendable { case passed = "pass", failed = "FAIL", noValue = "FAIL (no value)" }

    public var threshold: ThresholdExpression
    /// The cell the value comes from (`*` when no cell applied).
    public var cell: String
    public var value: Double?
    public var outcome: Outcome

    /// Whether the verdict fails the run.
    public var isFailure: Bool { outcome != .passed }

    /// The limit in words, e.g. `< 5 ms`.
    public var limitText: String { threshold.comparison.rawValue + " " + threshold.metric.format(threshold.limit) }
    /// The value in words (`-` when absent).
    public var valueText: String { value.map(threshold.metric.format) ?? "-" }
    /// Why it failed, in one line (empty when it passed).
    public var explanation: String {
        switch outcome {
        case .passed: return ""
        case .failed: return "\(threshold.metric.name) = \(valueText), limit \(limitText)"
        case .noValue:
            return threshold.cellPattern.map { "no cell matching /\($0)/ reported \(threshold.metric.name)" }
                ?? "no cell reported \(threshold.metric.name)"
        }
    }
}
