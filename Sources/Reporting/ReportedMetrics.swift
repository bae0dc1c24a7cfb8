import BenchSupport
import LoadGenerator

/// The figures one cell (or one `wsbench load` run) reported, by threshold metric name, in each
/// metric's unit (µs for times). A metric the cell did not report (send lag in closed loop, server
/// CPU against an external server) is absent.
public struct ReportedMetrics: Sendable, Equatable {
    /// The cell's name (`load` for a `wsbench load` run).
    public var cell: String
    public var values: [String: Double]

    public init(cell: String, values: [String: Double]) {
        self.cell = cell
        self.values = values
    }

    /// A `summary.csv` row (empty fields are not reported).
    public init(summaryRow row: [String: String]) {
        cell = row["cell"] ?? "?"
        values = [:]
        for metric in ThresholdMetric.all {
            if let field = row[metric.column], let value = Double(field) { values[metric.name] = value }
        }
    }

    /// Every row of a `summary.csv` table.
    public static func cells(of table: CSVTable) -> [ReportedMetrics] { table.rows.map(ReportedMetrics.init(summaryRow:)) }

    /// A `wsbench load` run. Server figures are not known to the load generator, so they are absent.
    public init(load result: LoadResult) {
        cell = "load"
        var v: [String: Double] = [:]
        if result.latency.totalCount > 0 {
            v["p50"] = Double(result.latency(at: 50)) / 1000
            v["p90"] = Double(result.latency(at: 90)) / 1000
            v["p99"] = Double(result.latency(at: 99)) / 1000
            v["p99.9"] = Double(result.latency(at: 99.9)) / 1000
            v["p99.99"] = Double(result.latency(at: 99.99)) / 1000
            v["max"] = Double(result.latency.max) / 1000
        }
        if result.sendLag.totalCount > 0 { v["send_lag_p99"] = Double(result.sendLag(at: 99)) / 1000 }
        v["msgs_per_s"] = result.messagesPerSecond
        v["mbytes_per_s"] = result.megabytesPerSecond
        // Connections that never opened are failures too (what makes `wsbench load` exit 1).
        v["errors"] = Double(result.counters.totalErrors + max(result.configuration.connections - result.counters.connectionsOpened, 0))
        v["load_cpu_pct"] = result.cpuPercent
        values = v
    }

    /// The metrics `wsbench load` can report (a threshold on another one is refused at start).
    public static let loadMetrics: Set<String> = [
        "p50", "p90", "p99", "p99.9", "p99.99", "max", "send_lag_p99", "msgs_per_s", "mbytes_per_s", "errors", "load_cpu_pct",
    ]
}
