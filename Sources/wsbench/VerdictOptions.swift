import ArgumentParser
import BenchSupport
import Harness
import Reporting

/// `--threshold`, `--junit`, `--summary-md`: the verdict options shared by `load`, `matrix` and `compare`.
struct VerdictOptions: ParsableArguments {
    @Option(name: .customLong("threshold"), help: ArgumentHelp(
        "A limit the run must meet (repeatable; exit 1 when one fails), e.g. p99<5ms, p99.9<20ms, msgs_per_s>=100k, errors==0, send_lag_p99<100us, server_us_per_msg<=8, or per cell cell=~s16384:p99<10ms.",
        discussion: "Metrics: p50 p90 p99 p99.9 p99.99 max send_lag_p99 (times: ns, us, ms, s), msgs_per_s mbytes_per_s errors server_cpu_pct load_cpu_pct compression_ratio (payload ÷ wire bytes) (k/M/G suffixes), server_us_per_msg (µs). Operators: < <= > >= == !=."))
    var thresholds: [String] = []
    @Option(help: "Write the verdicts (thresholds, comparisons) as JUnit XML to this file.")
    var junit: String?
    @Option(help: "Append a Markdown summary of the verdicts to this file (e.g. $GITHUB_STEP_SUMMARY).")
    var summaryMd: String?

    /// The thresholds parsed, or a usage error naming the fault (exit 64 before anything runs).
    func parsed(available: Set<String>? = nil, context: String = "") throws -> [ThresholdExpression] {
        do {
            return try ThresholdEvaluation.parse(thresholds, available: available, context: context)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Evaluates the thresholds, prints their table, writes the JUnit and Markdown files asked for;
    /// returns whether anything failed (thresholds, comparisons, or a file that could not be written).
    func report(command: String, thresholds: [ThresholdExpression], cells: [ReportedMetrics],
                comparisons: [MetricComparison]? = nil, summaryTable: CSVTable? = nil) -> Bool {
        let evaluation = thresholds.isEmpty ? nil : ThresholdEvaluation(thresholds: thresholds, cells: cells)
        if let evaluation {
            print("\nthresholds\n" + evaluation.table)
            if evaluation.fails {
                printError("\(command): \(evaluation.failures.count) threshold check(s) FAILED: " + evaluation.failures.map { "\($0.cell) \($0.threshold.text)" }.joined(separator: ", "))
            } else {
                printError("\(command): all \(evaluation.verdicts.count) threshold check(s) passed")
            }
        }
        var failed = (evaluation?.fails ?? false) || (comparisons.map(Comparison.fails) ?? false)
        if let junit {
            var report = JUnitReport()
            if let evaluation { report.add(evaluation) }
            if let comparisons { report.add(comparisons) }
            do { try FileSystem.write(report.xml, to: junit) } catch {
                printError("\(command): --junit: \(error)")
                failed = true
            }
        }
        if let summaryMd {
            let summary = MarkdownSummary(title: command, thresholds: evaluation, comparisons: comparisons, cells: summaryTable)
            do { try summary.append(to: summaryMd) } catch {
                printError("\(command): --summary-md: \(error)")
                failed = true
            }
        }
        return failed
    }
}
