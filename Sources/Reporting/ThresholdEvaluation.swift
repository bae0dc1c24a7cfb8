/// Thresholds checked against the cells of a run: one verdict per threshold and cell it applies to.
public struct ThresholdEvaluation: Sendable {
    public var verdicts: [ThresholdVerdict]

    /// Checks every threshold against every cell it applies to. A cell without the metric (send lag in
    /// a closed-loop cell) is skipped; a threshold that no cell could answer is one `noValue` verdict.
    public init(thresholds: [ThresholdExpression], cells: [ReportedMetrics]) {
        var verdicts: [ThresholdVerdict] = []
        for threshold in thresholds {
            var answered = false
            for cell in cells where threshold.applies(toCell: cell.cell) {
                guard let value = cell.values[threshold.metric.name] else { continue }
                answered = true
                let holds = threshold.comparison.holds(value, threshold.limit)
                verdicts.append(ThresholdVerdict(threshold: threshold, cell: cell.cell, value: value, outcome: holds ? .passed : .failed))
            }
            if !answered { verdicts.append(ThresholdVerdict(threshold: threshold, cell: "*", value: nil, outcome: .noValue)) }
        }
        self.verdicts = verdicts
    }

    /// Whether any threshold failed (or could not be checked).
    public var fails: Bool { verdicts.contains(where: \.isFailure) }

    /// The failing verdicts.
    public var failures: [ThresholdVerdict] { verdicts.filter(\.isFailure) }

    /// A fixed-width table of every verdict: threshold, cell, value, limit, verdict.
    public var table: String {
        var rows = [["threshold", "cell", "value", "limit", "verdict"]]
        for v in verdicts { rows.append([v.threshold.text, v.cell, v.valueText, v.limitText, v.outcome.rawValue]) }
        return TextTable.render(rows)
    }

    /// Parses every `--threshold` given, or names the first one that does not parse. With `available`,
    /// a threshold on a metric outside it is refused (e.g. server CPU on `wsbench load`).
    public static func parse(_ texts: [String], available: Set<String>? = nil, context: String = "") throws(ThresholdSyntaxError) -> [ThresholdExpression] {
        var parsed: [ThresholdExpression] = []
        for text in texts {
            let threshold = try ThresholdExpression.parse(text)
            if let available, !available.contains(threshold.metric.name) {
                let column = text.count - text.drop(while: \.isWhitespace).count + (threshold.cellPattern.map { $0.count + 7 } ?? 0) + 1
                throw ThresholdSyntaxError(text: text, column: column,
                    problem: "\(threshold.metric.name) is not reported\(context); expected one of \(ThresholdMetric.all.map(\.name).filter(available.contains).joined(separator: ", "))")
            }
            parsed.append(threshold)
        }
        return parsed
    }
}
