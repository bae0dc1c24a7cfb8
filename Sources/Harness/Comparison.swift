import BenchSupport
/// One metric of one cell compared between a baseline run and a new run.
public struct MetricComparison: Sendable {
    /// `withinNoise`: the two sides' intervals overlap, so the difference is not called either way.
    public enum Verdict: String, Sendable { case ok, better, regression, missing, withinNoise = "within noise" }
    public var cell: String
    public var metric: String
    public var baseline: Double?
    public var current: Double?
    /// Relative change in percent (positive = larger).
    public var changePercent: Double?
    public var limitPercent: Double
    public var verdict: Verdict
    /// Each side's interval of the median (`<metric>_ci_low`/`_ci_high`), when its summary has one.
    public var baselineInterval: MedianInterval? = nil
    public var currentInterval: MedianInterval? = nil
}

/// Compares `wsbench matrix` results cell by cell: the regression gate.
///
/// Where both sides' summaries give an interval for a metric (`msgs_per_s_ci_low`/`_ci_high`,
/// `server_us_per_msg_ci_low`/`_ci_high`: the spread across rounds) and the two intervals overlap,
/// a difference beyond the tolerance is within the noise of the runs themselves and is reported as
/// `within noise` — never a regression or an improvement (one inside the tolerance stays `ok`). Otherwise (intervals apart, or a side without intervals,
/// as in result directories written before they existed) the thresholds decide as before.
///
/// Either side may be several runs of the same sweep; each side is first reduced to its best value
/// per cell and metric (highest messages/s, lowest p99 and server CPU per message). Noise on a shared
/// machine only ever makes a run slower, and it comes in phases that slow whole sweeps, so a real
/// regression is one that persists in the best of several runs.
public enum Comparison {
    /// The best value of each metric per cell over several runs of the same sweep.
    public static func best(of tables: [CSVTable]) -> CSVTable {
        guard var merged = tables.first else { return CSVTable(text: "") }
        for table in tables.dropFirst() {
            var byCell: [String: [String: String]] = [:]
            for row in table.rows { if let cell = row["cell"] { byCell[cell] = row } }
            for index in merged.rows.indices {
                guard let cell = merged.rows[index]["cell"], let other = byCell[cell] else { continue }
                for (metric, higherIsBetter) in metrics {
                    guard let b = other[metric].flatMap(Double.init) else { continue }
                    let a = merged.rows[index][metric].flatMap(Double.init)
                    if a == nil || (higherIsBetter ? b > a! : b < a!) {
                        merged.rows[index][metric] = other[metric]
                        // The interval goes with the value it belongs to (or goes away if it had none).
                        for bound in [metric + "_ci_low", metric + "_ci_high"] { merged.rows[index][bound] = other[bound] }
                    }
                }
            }
        }
        return merged
    }

    /// The metrics gated, with whether a larger value is better.
    static let metrics: [(name: String, higherIsBetter: Bool)] = [
        ("msgs_per_s", true), ("p99_us", false), ("server_us_per_msg", false),
    ]

    /// Compares `current` with `baseline` (their `summary.csv` tables).
    public static func compare(baseline: CSVTable, current: CSVTable, thresholds: RegressionThresholds) -> [MetricComparison] {
        var byCell: [String: [String: String]] = [:]
        for row in current.rows { if let cell = row["cell"] { byCell[cell] = row } }
        var results: [MetricComparison] = []
        for base in baseline.rows {
            guard let cell = base["cell"] else { continue }
            guard let run = byCell[cell] else {
                results.append(MetricComparison(cell: cell, metric: "cell", baseline: nil, current: nil, changePercent: nil, limitPercent: 0, verdict: .missing))
                continue
            }
            for (metric, higherIsBetter) in metrics {
                let limit: Double
                switch metric {
                case "msgs_per_s": limit = thresholds.throughputPercent
                case "p99_us": limit = thresholds.p99Percent
                default: limit = thresholds.serverCPUPercent
                }
                let b = base[metric].flatMap(Double.init)
                let c = run[metric].flatMap(Double.init)
                let bInterval = interval(of: metric, in: base)
                let cInterval = interval(of: metric, in: run)
                guard let b, let c, b > 0 else {
                    results.append(MetricComparison(cell: cell, metric: metric, baseline: b, current: c, changePercent: nil, limitPercent: limit, verdict: .ok,
                                                    baselineInterval: bInterval, currentInterval: cInterval))
                    continue
                }
                let change = (c - b) / b * 100
                let worse = higherIsBetter ? -change : change
                var verdict: MetricComparison.Verdict = worse > limit ? .regression : (worse < -limit ? .better : .ok)
                if verdict != .ok, let bInterval, let cInterval, bInterval.overlaps(cInterval) { verdict = .withinNoise }
                results.append(MetricComparison(cell: cell, metric: metric, baseline: b, current: c, changePercent: change, limitPercent: limit, verdict: verdict,
                                                baselineInterval: bInterval, currentInterval: cInterval))
            }
        }
        return results
    }

    /// The interval of `metric` in a summary row (`<metric>_ci_low`, `<metric>_ci_high`), if it has one.
    static func interval(of metric: String, in row: [String: String]) -> MedianInterval? {
        guard let low = row[metric + "_ci_low"].flatMap(Double.init), let high = row[metric + "_ci_high"].flatMap(Double.init) else {
            return nil
        }
        return MedianInterval(lower: low, upper: high, method: row["spread_method"] == "minmax" ? .minMax : .bootstrap95)
    }

    /// Whether any comparison fails the gate (a regression or a cell missing from the new run).
    public static func fails(_ results: [MetricComparison]) -> Bool {
        results.contains { $0.verdict == .regression || $0.verdict == .missing }
    }

    /// A fixed-width table of the comparisons.
    public static func table(_ results: [MetricComparison]) -> String {
        func format(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 100)) / 100)
        }
        func range(_ interval: MedianInterval?) -> String {
            interval.map { format($0.lower) + "–" + format($0.upper) } ?? "-"
        }
        var rows: [[String]] = [
            ["cell", "metric", "baseline", "current", "change", "limit", "verdict", "baseline interval", "current interval"]
        ]
        for r in results {
            let change = r.changePercent.map { ($0 >= 0 ? "+" : "") + format($0) + "%" } ?? "-"
            rows.append([r.cell, r.metric, format(r.baseline), format(r.current), change, "±" + format(r.limitPercent) + "%", r.verdict.rawValue,
                         range(r.baselineInterval), range(r.currentInterval)])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
