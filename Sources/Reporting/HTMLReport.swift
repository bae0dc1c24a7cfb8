import BenchSupport
import Harness

#if canImport(Glibc)
import Glibc
#endif

/// `wsbench report`: one self-contained HTML page (inline CSS and SVG, a few lines of inline script
/// for a self-check; nothing fetched at view time) for one or more result directories side by side.
///
/// Sections: runs and environment, verdicts (thresholds per run; runs after the first compared with
/// the first by ``Comparison``), throughput against payload size with and without compression,
/// latency percentile curves per cell (from each cell's merged HdrHistogram distribution), server and
/// load CPU per message, compression ratios, the cell tables, and error kinds.
public struct HTMLReport: Sendable {
    public var runs: [ReportRun]
    public var thresholds: [ThresholdExpression]
    public var regression: RegressionThresholds

    public init(runs: [ReportRun], thresholds: [ThresholdExpression] = [], regression: RegressionThresholds = RegressionThresholds()) {
        self.runs = runs
        self.thresholds = thresholds
        self.regression = regression
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    /// The threshold verdicts of each run.
    public var evaluations: [ThresholdEvaluation] {
        runs.map { ThresholdEvaluation(thresholds: thresholds, cells: ReportedMetrics.cells(of: $0.summary)) }
    }

    /// Each later run compared with the first.
    public var comparisons: [[MetricComparison]] {
        guard let first = runs.first else { return [] }
        return runs.dropFirst().map { Comparison.compare(baseline: first.summary, current: $0.summary, thresholds: regression) }
    }

    /// Whether any threshold or comparison failed.
    public var fails: Bool {
        (!thresholds.isEmpty && evaluations.contains(where: \.fails)) || comparisons.contains(where: Comparison.fails)
    }

    /// The number of SVG charts the page holds (its self-check compares this with what rendered).
    public var chartCount: Int { chartSections.reduce(0) { $0 + $1.charts.count } }

    public var html: String {
        var h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        h += "<title>wsbench report: \(HTMLText.escaped(runs.map(\.label).joined(separator: " vs ")))</title>"
        h += "<style>\(Self.style)</style></head><body data-charts=\"\(chartCount)\">\n"
        h += "<h1>wsbench report</h1>\n<p class=\"lead\">\(runs.count) run(s): " + runs.enumerated().map { i, run in
            "<span class=\"swatch\" style=\"background:\(Self.palette[i % Self.palette.count])\"></span><b>\(HTMLText.escaped(run.label))</b> <code>\(HTMLText.escaped(run.path))</code>"
        }.joined(separator: " · ") + "</p>\n"
        h += "<p id=\"self-check\" class=\"muted\">page check pending</p>\n"
        h += "<nav>" + ["environment", "verdicts", "throughput", "latency", "cpu", "compression", "cells", "errors"]
            .map { "<a href=\"#\($0)\">\($0)</a>" }.joined(separator: " · ") + "</nav>\n"
        h += environmentSection + verdictSection
        for section in chartSections {
            h += "<section id=\"\(section.id)\"><h2>\(HTMLText.escaped(section.title))</h2>"
            if !section.note.isEmpty { h += "<p class=\"muted\">\(HTMLText.escaped(section.note))</p>" }
            h += "<div class=\"charts\">" + section.charts.joined() + "</div>"
            if section.id == "compression" { h += compressionTable }
            h += "</section>\n"
        }
        h += cellsSection + errorsSection
        h += "<footer class=\"muted\">Written by wsbench report; self-contained (no network at view time).</footer>\n"
        h += "<script>\(Self.script)</script>\n</body></html>\n"
        return h
    }

    // MARK: sections

    var environmentSection: String {
        var keys: [String] = []
        var values: [[String: String]] = []
        for run in runs {
            var flat: [String: String] = [:]
            func add(_ prefix: String, _ value: JSONValue) {
                if let members = value.members {
                    for (k, v) in members { add(prefix.isEmpty ? k : prefix + "." + k, v) }
                } else {
                    if !keys.contains(prefix) { keys.append(prefix) }
                    flat[prefix] = value.words
                }
            }
            if run.environment != .null { add("", run.environment) }
            values.append(flat)
        }
        var h = "<section id=\"environment\"><h2>Environment</h2>"
        if keys.isEmpty { return h + "<p class=\"muted\">No environment.json in the result directories.</p></section>\n" }
        h += "<table><tr><th>field</th>" + runs.map { "<th>\(HTMLText.escaped($0.label))</th>" }.joined() + "</tr>"
        for key in keys {
            let cells = values.map { $0[key] ?? "–" }
            let differs = Set(cells).count > 1
            h += "<tr\(differs ? " class=\"differs\"" : "")><td>\(HTMLText.escaped(key))</td>" + cells.map { "<td>\(HTMLText.escaped($0))</td>" }.joined() + "</tr>"
        }
        return h + "</table><p class=\"muted\">Rows that differ between runs are highlighted.</p></section>\n"
    }

    var verdictSection: String {
        var h = "<section id=\"verdicts\"><h2>Verdicts</h2>"
        if thresholds.isEmpty && runs.count < 2 {
            return h + "<p class=\"muted\">No thresholds given (--threshold) and a single run (nothing to compare).</p></section>\n"
        }
        if !thresholds.isEmpty {
            for (run, evaluation) in zip(runs, evaluations) {
                let failed = evaluation.failures.count
                h += "<h3>Thresholds on \(HTMLText.escaped(run.label)): \(failed == 0 ? "<span class=\"pass\">all passed</span>" : "<span class=\"fail\">\(failed) failed</span>")</h3>"
                h += "<table><tr><th>threshold</th><th>cell</th><th>value</th><th>limit</th><th>verdict</th></tr>"
                for v in evaluation.verdicts {
                    h += "<tr><td><code>\(HTMLText.escaped(v.threshold.text))</code></td><td>\(HTMLText.escaped(v.cell))</td><td class=\"num\">\(HTMLText.escaped(v.valueText))</td><td>\(HTMLText.escaped(v.limitText))</td><td class=\"\(v.isFailure ? "fail" : "pass")\">\(HTMLText.escaped(v.outcome.rawValue))</td></tr>"
                }
                h += "</table>"
            }
        }
        for (run, results) in zip(runs.dropFirst(), comparisons) {
            let bad = results.filter { $0.verdict == .regression || $0.verdict == .missing }.count
            h += "<h3>\(HTMLText.escaped(run.label)) compared with \(HTMLText.escaped(runs[0].label)): \(bad == 0 ? "<span class=\"pass\">no regression</span>" : "<span class=\"fail\">\(bad) regression(s)</span>")</h3>"
            h += "<table><tr><th>cell</th><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>limit</th><th>verdict</th></tr>"
            for c in results {
                let change = c.changePercent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 1) + " %" } ?? "–"
                let failed = c.verdict == .regression || c.verdict == .missing
                h += "<tr><td>\(HTMLText.escaped(c.cell))</td><td>\(c.metric)</td><td class=\"num\">\(c.baseline.map { Format.fixed($0, 2) } ?? "–")</td><td class=\"num\">\(c.current.map { Format.fixed($0, 2) } ?? "–")</td><td class=\"num\">\(change)</td><td>±\(Format.trimmed(c.limitPercent)) %</td><td class=\"\(failed ? "fail" : (c.verdict == .better ? "pass" : ""))\">\(HTMLText.escaped(c.verdict.rawValue))</td></tr>"
            }
            h += "</table>"
        }
        return h + "</section>\n"
    }

    struct ChartSection {
        var id: String
        var title: String
        var note: String
        var charts: [String]
    }

    /// The cells' shape apart from payload size and compression (connections, mode, transport, content).
    static func family(_ row: [String: String]) -> String {
        [row["mode"], row["connections"].map { "c" + $0 }, row["message_type"], row["content"], row["transport"]]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    var chartSections: [ChartSection] {
        [throughputSection, latencySection, cpuSection, compressionSection]
    }

    var throughputSection: ChartSection {
        var series: [ChartSeries] = []
        var sizes = Set<Double>()
        for (r, run) in runs.enumerated() {
            var groups: [String: [(x: Double, y: Double)]] = [:]
            var order: [String] = []
            for row in run.summary.rows {
                guard let size = row["payload_bytes"].flatMap(Double.init), let rate = row["msgs_per_s"].flatMap(Double.init) else { continue }
                let key = (row["compression"] ?? "?") + "|" + Self.family(row)
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append((size, rate))
                sizes.insert(size)
            }
            for key in order {
                let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
                let compression = parts[0]
                series.append(ChartSeries(label: "\(run.label) · compression \(compression)\(parts.count > 1 && !parts[1].isEmpty ? " · " + parts[1] : "")",
                                          color: Self.palette[r % Self.palette.count], dashed: compression != "off",
                                          points: groups[key]!.sorted { $0.x < $1.x }))
            }
        }
        let ticks = sizes.sorted().map { ($0, Format.bytes(Int($0))) }
        var chart = LineChart(title: "Messages/s by payload size (solid: no compression, dashed: compressed)", xLabel: "payload size (log scale)", yLabel: "echoed messages/s", series: series)
        chart.xLogarithmic = true
        chart.xTicks = ticks
        chart.xName = { Format.bytes(Int($0)) }
        var mb = chart
        mb.title = "Payload MB/s by payload size"
        mb.yLabel = "MB/s each way"
        mb.series = series.map { s in
            var copy = s
            copy.points = s.points.compactMap { p in
                guard let run = runs.first(where: { s.label.hasPrefix($0.label + " ·") }),
                      let row = run.summary.rows.first(where: { Double($0["payload_bytes"] ?? "") == p.x && Double($0["msgs_per_s"] ?? "") == p.y }),
                      let v = row["mbytes_per_s"].flatMap(Double.init) else { return nil }
                return (p.x, v)
            }
            return copy
        }
        let charts = [chart, mb].filter { $0.series.contains { !$0.points.isEmpty } }.map(\.svg)
        return ChartSection(id: "throughput", title: "Throughput", note: "Median of the rounds per cell; one colour per run.", charts: charts)
    }

    /// x position of a percentile: the number of nines (0 → 0, 90 → 1, 99 → 2, 99.9 → 3 …).
    static func nines(_ percentile: Double) -> Double { -log10(max(1 - percentile / 100, 1e-7)) }

    var latencySection: ChartSection {
        var names: [String] = []
        for run in runs { for name in run.cellNames where !names.contains(name) { names.append(name) } }
        let ticks: [(Double, String)] = [(0, "p0"), (1, "p90"), (2, "p99"), (3, "p99.9"), (4, "p99.99"), (5, "p99.999")]
        var charts: [String] = []
        for name in names {
            let series = runs.enumerated().compactMap { r, run -> ChartSeries? in
                guard let points = run.distributions[name], !points.isEmpty else { return nil }
                return ChartSeries(label: run.label, color: Self.palette[r % Self.palette.count],
                                   points: points.filter { $0.microseconds > 0 }.map { (Self.nines($0.percentile), $0.microseconds) })
            }
            guard !series.isEmpty else { continue }
            var chart = LineChart(title: name, xLabel: "percentile", yLabel: "latency µs (log scale)", series: series)
            chart.yLogarithmic = true
            (chart.width, chart.height) = (480, 280)
            chart.xTicks = ticks
            chart.xName = { x in "p" + Format.trimmed(100 - 100 / pow(10, x)) }
            chart.yName = { compactNumber($0) + " µs" }
            charts.append(chart.svg)
        }
        return ChartSection(id: "latency", title: "Latency percentiles",
                            note: "Each cell's HdrHistogram of all rounds merged (cells/CELL.json), x in nines: p90, p99, p99.9 …",
                            charts: charts)
    }

    /// Every cell name over the runs, in first-seen order.
    var allCells: [String] {
        var names: [String] = []
        for run in runs { for name in run.cellNames where !names.contains(name) { names.append(name) } }
        return names
    }

    func bars(_ title: String, _ yLabel: String, cells: [String], value: (ReportRun, String) -> Double?) -> String? {
        let series = runs.enumerated().map { r, run in
            ChartSeries(label: run.label, color: Self.palette[r % Self.palette.count],
                        points: cells.enumerated().compactMap { c, cell in value(run, cell).map { (Double(c), $0) } })
        }
        guard series.contains(where: { !$0.points.isEmpty }) else { return nil }
        return BarChart(title: title, yLabel: yLabel, categories: cells, series: series).svg
    }

    var cpuSection: ChartSection {
        let cells = allCells
        var charts: [String] = []
        if let c = bars("Server CPU µs per echoed message", "µs/msg", cells: cells, value: { $0.value($1, "server_us_per_msg") }) { charts.append(c) }
        if let c = bars("Load generator CPU µs per message (≈ CPU % ÷ msgs/s)", "µs/msg", cells: cells, value: { $0.loadMicrosecondsPerMessage($1) }) { charts.append(c) }
        return ChartSection(id: "cpu", title: "CPU per message",
                            note: "Server: from /proc schedstat of the built-in server (absent against --url). Load generator: its CPU share over the whole run divided by the message rate.",
                            charts: charts)
    }

    var compressedCells: [String] {
        allCells.filter { cell in runs.contains { ($0.row(cell)?["compression"] ?? "off") != "off" } }
    }

    var compressionSection: ChartSection {
        let chart = bars("Compression ratio (payload bytes ÷ bytes written on the wire, headers included; higher is better, ≈1 uncompressed)", "ratio", cells: compressedCells) {
            $0.value($1, "compression_ratio")
        }
        return ChartSection(id: "compression", title: "Compression", note: compressedCells.isEmpty ? "No compressed cells." : "", charts: chart.map { [$0] } ?? [])
    }

    var compressionTable: String {
        guard !compressedCells.isEmpty else { return "" }
        var h = "<table><tr><th>cell</th>" + runs.map { "<th>\(HTMLText.escaped($0.label)) ratio</th>" }.joined() + "</tr>"
        for cell in compressedCells {
            h += "<tr><td>\(HTMLText.escaped(cell))</td>" + runs.map { "<td class=\"num\">\($0.row(cell)?["compression_ratio"] ?? "–")</td>" }.joined() + "</tr>"
        }
        return h + "</table>"
    }

    var cellsSection: String {
        let columns = ["cell", "msgs_per_s", "msgs_per_s_ci_low", "msgs_per_s_ci_high", "mbytes_per_s", "p50_us", "p90_us", "p99_us", "p99_9_us", "p99_99_us", "max_us",
                       "server_us_per_msg", "server_cpu_pct", "load_cpu_pct", "compression_ratio", "send_lag_p99_us", "errors", "disturbed"]
        var h = "<section id=\"cells\"><h2>Cells</h2>"
        for run in runs {
            let shown = columns.filter(run.summary.header.contains)
            h += "<h3>\(HTMLText.escaped(run.label))</h3><div class=\"scroll\"><table><tr>" + shown.map { "<th>\(HTMLText.escaped($0))</th>" }.joined() + "</tr>"
            for row in run.summary.rows {
                h += "<tr>" + shown.map { column in
                    let value = row[column] ?? ""
                    return "<td\(column == "cell" || column == "disturbed" ? "" : " class=\"num\"")>\(HTMLText.escaped(value.isEmpty ? "–" : value))</td>"
                }.joined() + "</tr>"
            }
            h += "</table></div>"
        }
        return h + "</section>\n"
    }

    var errorsSection: String {
        var h = "<section id=\"errors\"><h2>Errors</h2>"
        for run in runs {
            let rows = run.cellNames.flatMap { cell in
                (run.errorKinds[cell] ?? [:]).sorted { $0.key < $1.key }.map { (cell, $0.key, $0.value) }
            }
            h += "<h3>\(HTMLText.escaped(run.label))</h3>"
            if rows.isEmpty {
                h += "<p class=\"pass\">No errors of any kind in any round.</p>"
                continue
            }
            h += "<table><tr><th>cell</th><th>kind</th><th>count (all rounds)</th></tr>"
            for (cell, kind, count) in rows {
                h += "<tr><td>\(HTMLText.escaped(cell))</td><td>\(HTMLText.escaped(kind))</td><td class=\"num fail\">\(count)</td></tr>"
            }
            h += "</table>"
        }
        return h + "</section>\n"
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1500px;padding:0 16px;color:#222}
        h1{margin:0 0 6px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}h3{margin:18px 0 6px;font-size:15px}
        table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.differs td{background:#fff6d5}
        .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.muted{color:#666}
        .charts{display:flex;flex-wrap:wrap;gap:12px}.chart{background:#fff;border:1px solid #e3e3e3;border-radius:4px;max-width:100%;height:auto}
        .chart-title{font-size:13px;font-weight:600}.tick{font-size:11px;fill:#555}.axis-label{font-size:12px;fill:#333}.legend{font-size:11px;fill:#333}
        .grid{stroke:#eee}.axis{stroke:#888}.empty{fill:#999}.scroll{overflow-x:auto}.swatch{display:inline-block;width:10px;height:10px;margin-right:4px}
        nav{margin:8px 0 0}code{font-size:12px}
        """

    /// The page checks itself: every chart drew (has a size), no script error; the verdict is the
    /// `#self-check` text (read by scripts/report-check.sh from the rendered DOM).
    static let script = """
        (function(){var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message))});
        window.addEventListener('load',function(){var expected=+document.body.dataset.charts;var svgs=document.querySelectorAll('svg.chart');
        var drawn=0;svgs.forEach(function(s){var b=s.getBBox();if(b.width>0&&b.height>0)drawn++});
        var ok=errors.length===0&&svgs.length===expected&&drawn===expected;
        var el=document.getElementById('self-check');el.textContent=(ok?'PAGE-CHECK PASS':'PAGE-CHECK FAIL')+': '+drawn+' of '+expected+' charts drawn'+(errors.length?'; errors: '+errors.join(' | '):'');
        el.className=ok?'pass':'fail';});})();
        """
}
