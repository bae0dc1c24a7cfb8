import BenchSupport
import LoadGenerator

/// A cell's runs reduced to what is reported: medians across rounds, the spread, and latency
/// percentiles of all rounds' histograms merged.
struct CellSummary {
    var cell: MatrixCell
    var runs: [CellRun]

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var throughputs: [Double] { runs.map(\.messagesPerSecond) }
    var medianThroughput: Double { Self.median(throughputs) }

    /// Every round's latency merged.
    var latency: LatencyHistogram {
        var merged = LatencyHistogram.makeLatency()
        for run in runs { merged.add(run.result.latency) }
        return merged
    }

    func optionalMedian(_ values: [Double?]) -> Double? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : Self.median(present)
    }

    var errors: Int { runs.reduce(0) { $0 + $1.result.counters.totalErrors } }

    /// The negotiated extensions of the first run (the same in every round).
    var negotiated: String { runs.first?.result.extensionsSummary ?? "none" }

    static let csvHeader = [
        "cell", "server", "mode", "connections", "payload_bytes", "message_type", "content", "compression", "repeats",
        "msgs_per_s", "msgs_per_s_min", "msgs_per_s_max", "mbytes_per_s", "p50_us", "p90_us", "p99_us", "p99_9_us",
        "p99_99_us", "max_us", "compression_ratio", "server_cpu_pct", "server_us_per_msg", "load_cpu_pct",
        "server_rss_kib", "load_rss_kib", "errors",
        "send_lag_p99_us",
    ]

    func csvRow(server: String) -> [String] {
        let histogram = latency
        func us(_ percentile: Double) -> String {
            histogram.totalCount > 0 ? Format.fixed(Double(histogram.valueAtPercentile(percentile)) / 1000, 1) : ""
        }
        func optional(_ value: Double?, _ digits: Int) -> String { value.map { Format.fixed($0, digits) } ?? "" }
        return [
            cell.name, server, cell.modeName, String(cell.connections), String(cell.payloadBytes),
            cell.opcode == .text ? "text" : "binary", cell.content.rawValue, cell.compression.name, String(runs.count),
            Format.fixed(medianThroughput, 0), Format.fixed(throughputs.min() ?? 0, 0), Format.fixed(throughputs.max() ?? 0, 0),
            Format.fixed(Self.median(runs.map { $0.result.megabytesPerSecond }), 2),
            us(50), us(90), us(99), us(99.9), us(99.99),
            histogram.totalCount > 0 ? Format.fixed(Double(histogram.max) / 1000, 1) : "",
            Format.fixed(Self.median(runs.map(\.compressionRatio)), 3),
            optional(optionalMedian(runs.map(\.serverCPUPercent)), 1),
            optional(optionalMedian(runs.map(\.serverMicrosecondsPerMessage)), 2),
            Format.fixed(Self.median(runs.map { $0.result.cpuPercent }), 1),
            runs.last?.serverResidentKiB.map(String.init) ?? "",
            String((runs.map { $0.result.maximumResidentBytes }.max() ?? 0) / 1024),
            String(errors),
            optional(optionalMedian(runs.map(\.sendLagP99Microseconds)), 1),
        ]
    }
}
