import BenchSupport

/// A metric a threshold can name (`p99`, `msgs_per_s`, …), with the `summary.csv` column it reads and
/// how its limit is written.
public struct ThresholdMetric: Sendable, Equatable {
    /// How a limit for the metric is written and stored.
    public enum Kind: Sendable, Equatable {
        /// A time: the limit needs a unit (ns, us, µs, ms, s) and is stored in microseconds.
        case duration
        /// A time whose name carries microseconds (`server_us_per_msg`): a bare number is µs, a unit is converted.
        case microseconds
        /// A count, rate or ratio: a bare number, optionally with a k/M/G suffix (×10³, 10⁶, 10⁹).
        case number
    }

    /// The name used in a threshold.
    public var name: String
    /// The `summary.csv` column holding the value (durations in µs).
    public var column: String
    public var kind: Kind
    /// What the metric is, in words (for errors and reports).
    public var meaning: String

    /// Every metric a threshold can name, in the order reports list them.
    public static let all: [ThresholdMetric] = [
        ThresholdMetric(name: "p50", column: "p50_us", kind: .duration, meaning: "latency p50"),
        ThresholdMetric(name: "p90", column: "p90_us", kind: .duration, meaning: "latency p90"),
        ThresholdMetric(name: "p99", column: "p99_us", kind: .duration, meaning: "latency p99"),
        ThresholdMetric(name: "p99.9", column: "p99_9_us", kind: .duration, meaning: "latency p99.9"),
        ThresholdMetric(name: "p99.99", column: "p99_99_us", kind: .duration, meaning: "latency p99.99"),
        ThresholdMetric(name: "max", column: "max_us", kind: .duration, meaning: "latency maximum"),
        ThresholdMetric(name: "send_lag_p99", column: "send_lag_p99_us", kind: .duration, meaning: "open-loop send lag p99"),
        ThresholdMetric(name: "msgs_per_s", column: "msgs_per_s", kind: .number, meaning: "echoed messages per second"),
        ThresholdMetric(name: "mbytes_per_s", column: "mbytes_per_s", kind: .number, meaning: "payload MB/s each way"),
        ThresholdMetric(name: "errors", column: "errors", kind: .number, meaning: "errors of any kind"),
        ThresholdMetric(name: "server_us_per_msg", column: "server_us_per_msg", kind: .microseconds, meaning: "server CPU µs per message"),
        ThresholdMetric(name: "server_cpu_pct", column: "server_cpu_pct", kind: .number, meaning: "server CPU % of a core"),
        ThresholdMetric(name: "load_cpu_pct", column: "load_cpu_pct", kind: .number, meaning: "load generator CPU % of a core"),
        ThresholdMetric(name: "compression_ratio", column: "compression_ratio", kind: .number, meaning: "payload bytes per byte on the wire (>1 when compression pays)"),
    ]

    /// The metric called `name`, if any.
    public static func named(_ name: String) -> ThresholdMetric? { all.first { $0.name == name } }

    /// `value` (in the metric's stored unit) in words: `812.4 µs`, `3.20 ms`, `123618`.
    public func format(_ value: Double) -> String {
        switch kind {
        case .duration, .microseconds:
            if abs(value) >= 1000 { return trim(value / 1000, 2) + " ms" }
            if value != 0 && abs(value) < 1 { return trim(value * 1000, 1) + " ns" }
            return trim(value, abs(value) < 100 ? 2 : 1) + " µs"
        case .number:
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : trim(value, 3)
        }
    }

    private func trim(_ value: Double, _ digits: Int) -> String {
        var text = Format.fixed(value, digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
