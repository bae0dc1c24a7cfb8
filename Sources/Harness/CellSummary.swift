import BenchSupport
import LoadGenerator

/// A cell's runs reduced to what is reported: medians across rounds, the spread (min–max, and the
/// ``MedianInterval`` of messages/s and server CPU per message), latency percentiles of all rounds'
/// histograms merged, and the environment figures of the worst round with the rounds that the
/// ``DisturbanceRule`` marked as disturbed.
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
        // Added for issue 12 (send lag, spread, environment); older result directories end at "errors".
        "msgs_per_s_ci_low", "msgs_per_s_ci_high", "server_us_per_msg_ci_low", "server_us_per_msg_ci_high", "spread_method",
        "server_runq_wait_pct", "load_runq_wait_pct", "foreign_cpu_pct", "steal_pct", "involuntary_switches",
        "cpu_migrations", "disturbed",
        // Added for issue 13: plain or TLS (older result directories end at "disturbed").
        "transport",
        // Added for issue 14: WebSockets per TCP connection (HTTP/2 transports; older directories end at "transport").
        "streams_per_connection",
        // Added for the server-library axis: the DEFLATE libraries of compressed cells, the built-in server's
        // (the compression value's suffix, else --server-arg or auto; empty against --url) and the load
        // generator's (matrix --deflate-impl, auto by default); older directories end at "streams_per_connection".
        "server_deflate_impl", "load_deflate_impl",
    ]

    /// The interval of the median messages/s across rounds.
    var throughputInterval: MedianInterval? { MedianInterval.ofMedian(throughputs) }

    /// The interval of the median server CPU per message across rounds (nil without server figures).
    var serverCPUInterval: MedianInterval? { MedianInterval.ofMedian(runs.compactMap(\.serverMicrosecondsPerMessage)) }

    /// The disturbed rounds and why, e.g. `round 2: steal 3.1%` (rounds joined with ` / `, which a Markdown
    /// table cell can hold); empty if none.
    var disturbed: String {
        runs.enumerated().filter { !$0.element.disturbedReasons.isEmpty }
            .map { "round \($0.offset + 1): " + $0.element.disturbedReasons.joined(separator: "; ") }
            .joined(separator: " / ")
    }

    /// The largest value of `figure` over the rounds that have environment figures.
    func worst(_ figure: (RunDisturbance) -> Double?) -> Double? {
        runs.compactMap { $0.disturbance.flatMap(figure) }.max()
    }

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
            optional(throughputInterval?.lower, 0), optional(throughputInterval?.upper, 0),
            optional(serverCPUInterval?.lower, 2), optional(serverCPUInterval?.upper, 2),
            throughputInterval?.method.rawValue ?? "",
            optional(worst(\.serverRunQueueWaitPercent), 2), optional(worst { $0.loadRunQueueWaitPercent }, 2),
            optional(worst(\.foreignCPUPercent), 1), optional(worst { $0.stealPercent }, 1),
            optional(worst { Double($0.involuntarySwitches) }, 0), optional(worst { Double($0.migrations) }, 0),
            disturbed,
            cell.transport.rawValue,
            String(cell.streamsPerConnection),
            cell.compression.offer == nil ? "" : runs.first?.serverDeflateLibrary ?? "",
            cell.compression.offer == nil ? "" : runs.first?.result.configuration.compression?.implementation?.rawValue ?? "auto",
        ]
    }
}
