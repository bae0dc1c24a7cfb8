import BenchSupport
import Harness
import Testing
@testable import Reporting

@Suite("HTML report")
struct HTMLReportTests {
    /// results/baseline holds three real result directories of the CI sweep (6 cells each).
    static let baseline: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/results/baseline"
    }()

    @Test("reads a result directory: cells, latency distributions, errors")
    func readsRun() throws {
        let run = try ReportRun(path: Self.baseline + "/sweep-1/")
        #expect(run.label == "sweep-1")
        #expect(run.cellNames.count == 6)
        #expect(run.environment["sweep"]?["sizes"]?.words == "20, 1024, 16384")
        let curve = try #require(run.distributions["closed1-c50-s20-binary-json-off"])
        #expect(curve.count > 10)
        #expect(curve.first?.percentile == 0)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.microseconds <= $1.microseconds })
        #expect(run.errorKinds.values.allSatisfy { $0.isEmpty })
        #expect(throws: ReportError.self) { try ReportRun(path: "/nonexistent-wsbench-dir") }
    }

    @Test("two runs side by side: every section, one chart per figure, self-contained")
    func twoRuns() throws {
        let runs = [try ReportRun(path: Self.baseline + "/sweep-1"), try ReportRun(path: Self.baseline + "/sweep-2", label: "after <b>")]
        let report = HTMLReport(runs: runs, thresholds: try ThresholdEvaluation.parse(["p99<2ms"]))
        let html = report.html
        // 2 throughput + 6 latency curves + 2 CPU + 1 compression.
        #expect(report.chartCount == 11)
        #expect(html.ranges(of: "<svg ").count == 11)
        for id in ["environment", "verdicts", "throughput", "latency", "cpu", "compression", "cells", "errors"] {
            #expect(html.contains("<section id=\"\(id)\">"))
        }
        #expect(html.contains("after &lt;b&gt;"))
        #expect(!html.contains("after <b>"))
        // Nothing loaded from elsewhere: the only URL is the SVG namespace.
        #expect(!html.replacing("http://www.w3.org/2000/svg", with: "").contains("http"))
        #expect(!html.contains("<link") && !html.contains("src="))
        // Thresholds per run; the second run compared with the first (3 metrics × 6 cells).
        #expect(html.contains("Thresholds on sweep-1: <span class=\"fail\">1 failed</span>"))
        #expect(report.comparisons.count == 1 && report.comparisons[0].count == 18)
        #expect(report.fails)
        #expect(html.contains("No errors of any kind in any round."))
    }

    @Test("a sparse directory: no environment, no cell JSON, errors in a round; escaped cell names")
    func sparse() throws {
        let directory = try TemporaryDirectory(prefix: "report")
        defer { directory.remove() }
        let cell = "closed1-c4-s20-binary-ticks-on"
        try FileSystem.makeDirectories(directory.path + "/cells/" + cell)
        try FileSystem.write("cell,payload_bytes,compression,msgs_per_s,p99_us,errors,compression_ratio\n\(cell),20,on,1000,900,3,0.8\n", to: directory.path + "/summary.csv")
        try FileSystem.write(#"{"errors": {"connect_refused": 2, "handshake_failed": 1, "total": 3}}"#, to: directory.path + "/cells/\(cell)/round-1.json")
        try FileSystem.write("not json", to: directory.path + "/cells/\(cell)/round-2.json")
        let run = try ReportRun(path: directory.path, label: "x")
        #expect(run.environment == .null)
        #expect(run.distributions.isEmpty)
        #expect(run.errorKinds[cell] == ["connect_refused": 2, "handshake_failed": 1])
        let report = HTMLReport(runs: [run])
        let html = report.html
        // Messages/s and compression; no MB/s, latency or CPU chart without their data.
        #expect(report.chartCount == 2)
        #expect(html.contains("No environment.json"))
        #expect(html.contains("<td>\(cell)</td><td>connect_refused</td><td class=\"num fail\">2</td>"))
        #expect(!report.fails)
    }

    @Test("axes without usable values still end (log and linear, empty, zero, infinite)")
    func degenerateAxes() {
        for values in [[], [0.0], [-1.0], [Double.infinity], [Double.nan, 5]] {
            for logarithmic in [false, true] {
                let axis = ChartAxis(values: values, logarithmic: logarithmic, format: compactNumber)
                #expect(axis.high > axis.low)
                #expect(!axis.ticks.isEmpty)
            }
        }
        var chart = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [ChartSeries(label: "s", color: "#000", points: [])])
        chart.xLogarithmic = true
        chart.yLogarithmic = true
        #expect(chart.svg.contains("no data"))
    }

    @Test("percentile positions in nines")
    func nines() {
        #expect(HTMLReport.nines(0) == 0)
        #expect(abs(HTMLReport.nines(99) - 2) < 1e-9)
        #expect(abs(HTMLReport.nines(99.9) - 3) < 1e-9)
    }
}

@Suite("JSON reader")
struct JSONValueTests {
    @Test("objects, arrays, numbers, strings with escapes, literals")
    func parses() throws {
        let v = try JSONValue.parse(#"{"a": [1, -2.5e3, true, null], "b": {"c": "x\"y\u00b5\n"}, "d": false}"#)
        #expect(v["a"]?.array?.count == 4)
        #expect(v["a"]?.array?[1].double == -2500)
        #expect(v["b"]?["c"] == .string("x\"yµ\n"))
        #expect(v["d"] == .bool(false))
        #expect(v["missing"] == nil)
    }

    @Test("malformed JSON is an error with its offset, never a crash")
    func malformed() {
        for text in ["", "{", "[1,", #"{"a" 1}"#, "[1 2]", "tru", #""abc"#, "{} x", String(repeating: "[", count: 1000)] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        }
    }
}
