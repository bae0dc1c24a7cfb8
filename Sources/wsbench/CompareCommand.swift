import ArgumentParser
import BenchSupport
import Harness
import Reporting

/// `wsbench compare`: the CI regression gate.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare matrix runs with a baseline; exit 1 on a regression.",
        discussion: """
            Cells are matched by name. Gated per cell: median messages/s (may not drop more than \
            --throughput-tolerance %), p99 latency (may not rise more than --p99-tolerance %) and the \
            built-in server's CPU per message (may not rise more than --cpu-tolerance %). A cell missing \
            from the run also fails. Several runs on a side (several directories, or a directory of run \
            directories such as results/baseline/) are reduced to their best value per cell and metric. \
            Defaults come from results/compare-calibration.md.
            Noise: summaries written since issue 12 carry each cell's interval of the median across rounds \
            (msgs_per_s_ci_low/high, server_us_per_msg_ci_low/high). When both sides have an interval for a \
            metric and the two overlap, the difference is never a regression or an improvement, whatever its \
            size: beyond the tolerance it is reported as "within noise" (inside it, "ok"). Intervals apart, or a side without them (older \
            result directories), and the tolerances decide as before.
            """)

    @Argument(help: "Baseline: a result directory, or a directory of them (e.g. results/baseline).")
    var baseline: String
    @Argument(help: "Result directories to check (best of them per cell).")
    var current: [String]
    @Option(help: "Allowed drop in messages/s, percent.")
    var throughputTolerance = RegressionThresholds().throughputPercent
    @Option(help: "Allowed rise in p99 latency, percent.")
    var p99Tolerance = RegressionThresholds().p99Percent
    @Option(help: "Allowed rise in server CPU per message, percent.")
    var cpuTolerance = RegressionThresholds().serverCPUPercent
    // Absolute thresholds on the run (its best value per cell), JUnit and Markdown verdicts.
    @OptionGroup(title: "Verdicts") var verdicts: VerdictOptions

    func run() throws {
        var thresholds = RegressionThresholds()
        thresholds.throughputPercent = throughputTolerance
        thresholds.p99Percent = p99Tolerance
        thresholds.serverCPUPercent = cpuTolerance
        let limits = try verdicts.parsed()
        let base: CSVTable
        let run: CSVTable
        do {
            base = Comparison.best(of: try Self.tables(in: baseline))
            run = Comparison.best(of: try current.flatMap { path in try Self.tables(in: path) })
        } catch {
            printError("wsbench compare: \(error)")
            throw ExitCode(2)
        }
        let results = Comparison.compare(baseline: base, current: run, thresholds: thresholds)
        print(Comparison.table(results))
        let verdictsFailed = verdicts.report(command: "wsbench compare", thresholds: limits, cells: ReportedMetrics.cells(of: run), comparisons: results)
        if verdictsFailed && !Comparison.fails(results) { throw ExitCode(1) }
        if Comparison.fails(results) {
            let bad = results.filter { $0.verdict == .regression || $0.verdict == .missing }
            printError("wsbench compare: REGRESSION in \(bad.count) metric(s): " + bad.map { "\($0.cell) \($0.metric)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
        printError("wsbench compare: no regression (\(results.count) metrics checked)")
    }

    /// The summary of a result directory, or of each result directory inside it.
    static func tables(in path: String) throws -> [CSVTable] {
        if FileSystem.exists(path + "/summary.csv") { return [try CSVTable.read(path + "/summary.csv")] }
        let names = try FileSystem.directoryEntries(path).filter { !$0.hasPrefix(".") && FileSystem.exists(path + "/" + $0 + "/summary.csv") }
        let tables = try names.sorted().map { name in try CSVTable.read(path + "/" + name + "/summary.csv") }
        if tables.isEmpty { throw HarnessError("no summary.csv in \(path) or its subdirectories") }
        return tables
    }
}
