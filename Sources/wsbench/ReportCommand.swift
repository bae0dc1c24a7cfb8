import ArgumentParser
import BenchSupport
import Harness
import Reporting

/// `wsbench report`: one self-contained HTML page for one or more matrix result directories.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report (inline SVG charts) for matrix result directories, side by side.",
        discussion: """
            Sections: environment, verdicts (--threshold per run; every run after the first compared with \
            the first, as wsbench compare does), throughput by payload size with and without compression, \
            latency percentile curves per cell, server and load CPU per message, compression ratios, the \
            cell tables and error kinds. Nothing is fetched when the page is viewed. Exits 1 when a \
            threshold or comparison failed (the page is still written), 2 when a directory cannot be read.
            """)

    @Argument(help: "Result directories of wsbench matrix (the first is the baseline for comparisons).")
    var directories: [String]
    @Option(help: "The HTML file to write.")
    var html: String
    @Option(name: .customLong("label"), help: "A name per directory, in order (default: the directory's last component).")
    var labels: [String] = []
    @Option(help: "Comparisons: allowed drop in messages/s, percent.")
    var throughputTolerance = RegressionThresholds().throughputPercent
    @Option(help: "Comparisons: allowed rise in p99 latency, percent.")
    var p99Tolerance = RegressionThresholds().p99Percent
    @Option(help: "Comparisons: allowed rise in server CPU per message, percent.")
    var cpuTolerance = RegressionThresholds().serverCPUPercent
    @OptionGroup(title: "Verdicts") var verdicts: VerdictOptions

    func validate() throws {
        if directories.isEmpty { throw ValidationError("give at least one result directory") }
        if !labels.isEmpty && labels.count != directories.count {
            throw ValidationError("--label: one per directory (\(directories.count)), got \(labels.count)")
        }
    }

    func run() throws {
        let thresholds = try verdicts.parsed()
        var regression = RegressionThresholds()
        regression.throughputPercent = throughputTolerance
        regression.p99Percent = p99Tolerance
        regression.serverCPUPercent = cpuTolerance
        let runs: [ReportRun]
        do {
            runs = try directories.enumerated().map { i, path throws(ReportError) in
                try ReportRun(path: path, label: labels.isEmpty ? nil : labels[i])
            }
        } catch {
            printError("wsbench report: \(error)")
            throw ExitCode(2)
        }
        let report = HTMLReport(runs: runs, thresholds: thresholds, regression: regression)
        do {
            try FileSystem.write(report.html, to: html)
        } catch {
            printError("wsbench report: \(error)")
            throw ExitCode(2)
        }
        printError("wsbench report: \(html) (\(runs.count) run(s), \(report.chartCount) charts)")
        // JUnit/Markdown: the thresholds of the last run, and the last run compared with the first.
        let last = runs[runs.count - 1]
        let failed = verdicts.report(command: "wsbench report", thresholds: thresholds, cells: ReportedMetrics.cells(of: last.summary),
                                     comparisons: runs.count > 1 ? report.comparisons.last : nil)
        if failed || report.fails { throw ExitCode(1) }
    }
}
