import BenchSupport
import Harness

/// A GitHub-flavoured Markdown verdict for `$GITHUB_STEP_SUMMARY` (or any Markdown viewer): the
/// overall result, then a table of thresholds, comparisons and cells, whichever were given.
public struct MarkdownSummary: Sendable {
    public var title: String
    public var thresholds: ThresholdEvaluation?
    public var comparisons: [MetricComparison]?
    /// Cells to list (from `summary.csv`), with the columns shown.
    public var cells: CSVTable?

    public init(title: String, thresholds: ThresholdEvaluation? = nil, comparisons: [MetricComparison]? = nil, cells: CSVTable? = nil) {
        self.title = title
        self.thresholds = thresholds
        self.comparisons = comparisons
        self.cells = cells
    }

    /// Whether anything failed.
    public var fails: Bool { (thresholds?.fails ?? false) || (comparisons.map(Comparison.fails) ?? false) }

    /// `text` safe inside a Markdown table cell.
    static func cell(_ text: String) -> String {
        text.replacing("|", with: "\\|").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\n", with: " ")
    }

    public var markdown: String {
        var text = "## \(Self.cell(title)): \(fails ? "❌ failed" : "✅ passed")\n\n"
        if let thresholds {
            let failed = thresholds.failures.count
            text += "### Thresholds (\(thresholds.verdicts.count - failed) passed, \(failed) failed)\n\n"
            text += "| threshold | cell | value | limit | verdict |\n|---|---|---|---|---|\n"
            for v in thresholds.verdicts {
                text += "| `\(v.threshold.text.replacing("|", with: "\\|"))` | \(Self.cell(v.cell)) | \(Self.cell(v.valueText)) | \(Self.cell(v.limitText)) | \(v.isFailure ? "❌ " : "✅ ")\(Self.cell(v.outcome.rawValue)) |\n"
            }
            text += "\n"
        }
        if let comparisons {
            let bad = comparisons.filter { $0.verdict == .regression || $0.verdict == .missing }.count
            text += "### Compared with the baseline (\(comparisons.count) checks, \(bad) failed)\n\n"
            text += "| cell | metric | baseline | current | change | limit | verdict |\n|---|---|---|---|---|---|---|\n"
            for c in comparisons {
                let change = c.changePercent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 1) + " %" } ?? "–"
                let mark = (c.verdict == .regression || c.verdict == .missing) ? "❌ " : "✅ "
                text += "| \(Self.cell(c.cell)) | \(c.metric) | \(c.baseline.map { Format.fixed($0, 2) } ?? "–") | \(c.current.map { Format.fixed($0, 2) } ?? "–") | \(change) | ±\(Format.trimmed(c.limitPercent)) % | \(mark)\(c.verdict.rawValue) |\n"
            }
            text += "\n"
        }
        if let cells, !cells.rows.isEmpty {
            let columns = ["cell", "msgs_per_s", "p50_us", "p99_us", "p99_9_us", "server_us_per_msg", "load_cpu_pct", "compression_ratio", "errors"]
            let shown = columns.filter(cells.header.contains)
            text += "### Cells\n\n| " + shown.joined(separator: " | ") + " |\n|" + shown.map { _ in "---" }.joined(separator: "|") + "|\n"
            for row in cells.rows {
                text += "| " + shown.map { Self.cell(row[$0].flatMap { $0.isEmpty ? nil : $0 } ?? "–") }.joined(separator: " | ") + " |\n"
            }
            text += "\n"
        }
        return text
    }

    /// Appends the summary to `path` (as `$GITHUB_STEP_SUMMARY` expects; the file is created when missing).
    public func append(to path: String) throws(FileSystemError) {
        try FileSystem.append(markdown, to: path)
    }
}
