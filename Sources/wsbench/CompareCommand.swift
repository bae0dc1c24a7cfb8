import ArgumentParser
import Harness

/// `wsbench compare`: the CI regression gate.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a matrix run with a baseline; exit 1 on a regression.",
        discussion: """
            Cells are matched by name. Gated per cell: median messages/s (may not drop more than \
            --throughput-tolerance %), p99 latency (may not rise more than --p99-tolerance %) and the \
            built-in server's CPU per message (may not rise more than --cpu-tolerance %). A cell missing \
            from the run also fails. Defaults come from results/compare-calibration.md.
            """)

    @Argument(help: "Baseline result directory (e.g. results/baseline).")
    var baseline: String
    @Argument(help: "Result directory to check.")
    var current: String
    @Option(help: "Allowed drop in messages/s, percent.")
    var throughputTolerance = RegressionThresholds().throughputPercent
    @Option(help: "Allowed rise in p99 latency, percent.")
    var p99Tolerance = RegressionThresholds().p99Percent
    @Option(help: "Allowed rise in server CPU per message, percent.")
    var cpuTolerance = RegressionThresholds().serverCPUPercent

    func run() throws {
        var thresholds = RegressionThresholds()
        thresholds.throughputPercent = throughputTolerance
        thresholds.p99Percent = p99Tolerance
        thresholds.serverCPUPercent = cpuTolerance
        let base: CSVTable
        let run: CSVTable
        do {
            base = try CSVTable.read(baseline + "/summary.csv")
            run = try CSVTable.read(current + "/summary.csv")
        } catch {
            printError("wsbench compare: \(error)")
            throw ExitCode(2)
        }
        let results = Comparison.compare(baseline: base, current: run, thresholds: thresholds)
        print(Comparison.table(results))
        if Comparison.fails(results) {
            let bad = results.filter { $0.verdict == .regression || $0.verdict == .missing }
            printError("wsbench compare: REGRESSION in \(bad.count) metric(s): " + bad.map { "\($0.cell) \($0.metric)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
        printError("wsbench compare: no regression (\(results.count) metrics checked)")
    }
}
