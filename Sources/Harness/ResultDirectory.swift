import BenchSupport
import LoadGenerator

/// The directory a matrix run writes:
///
/// ```
/// environment.json        machine, toolchain, commit, time, the sweep's configuration
/// summary.csv             one row per cell: configuration, median throughput, latency, CPU, RSS
/// summary.md              the same as a readable table
/// cells/CELL.json         the cell's medians, spread, merged latency distribution, server figures
/// cells/CELL/round-N.json the load generator's full result of each round (+ round-N.hlog with --hlog)
/// server.log, server-counters.json   the built-in server's output (server-tls*, and server-zlib*,
///                         server-isal*, … for the servers of the cells with a library suffix)
/// shard.json              a sharded sweep's shard, schedule and command line (`--shard I/N`)
/// ```
public struct ResultDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// A fresh directory name under `parent`: `YYYYMMDD-HHMMSS`.
    public static func timestamped(under parent: String) -> ResultDirectory {
        ResultDirectory(path: parent + "/" + UTCTime.now().compact)
    }

    func prepare() throws(HarnessError) {
        try Self.makeDirectories(path + "/cells")
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(HarnessError) {
        do { try FileSystem.makeDirectories(path) } catch { throw HarnessError(error.description) }
    }

    /// Writes `text` to the file at `path`, replacing it.
    static func writeFile(_ path: String, _ text: String) throws(HarnessError) {
        do { try FileSystem.write(text, to: path) } catch { throw HarnessError(error.description) }
    }

    func writeEnvironment(_ environment: MatrixEnvironment, configuration: MatrixConfiguration) throws(HarnessError) {
        var w = JSONWriter()
        w.beginObject()
        w.string("started_at", environment.startedAt)
        w.string("git_commit", environment.gitCommit)
        w.string("swift_version", environment.swiftVersion)
        w.string("hostname", environment.machine.hostname)
        w.string("kernel", environment.machine.kernel)
        w.string("cpu_model", environment.machine.cpuModel)
        w.int("online_cpus", environment.machine.onlineCPUs)
        w.string("masking_kernel", environment.machine.maskingKernel)
        w.beginObject("sweep")
        w.string("server", configuration.target?.description ?? "builtin")
        w.beginArray("sizes")
        for size in configuration.sizes { w.int(nil, size) }
        w.endArray()
        w.beginArray("compression")
        for c in configuration.compressions { w.string(nil, c.name) }
        w.endArray()
        w.beginArray("transports")
        for t in configuration.transports { w.string(nil, t.rawValue) }
        w.endArray()
        w.beginArray("streams_per_connection")
        for k in configuration.streamsPerConnection { w.int(nil, k) }
        w.endArray()
        w.beginArray("connections")
        for c in configuration.connections { w.int(nil, c) }
        w.endArray()
        w.int("repeats", configuration.repeats)
        w.double("duration_seconds", configuration.durationSeconds)
        w.double("warmup_seconds", configuration.warmupSeconds)
        w.int("server_threads", configuration.serverThreads)
        w.string("server_cpus", configuration.serverCPUs.map(String.init).joined(separator: " "))
        w.int("load_threads", configuration.loadThreads)
        w.string("load_cpus", configuration.loadCPUs.map(String.init).joined(separator: " "))
        w.bool("real_time", configuration.realTime)
        w.string("server_arguments", configuration.serverArguments.joined(separator: " "))
        w.endObject()
        let rule = configuration.disturbanceRule
        w.beginObject("disturbance_rule")
        w.double("run_queue_wait_pct", rule.runQueueWaitPercent, digits: 1)
        w.double("foreign_cpu_pct", rule.foreignCPUPercent, digits: 1)
        w.double("steal_pct", rule.stealPercent, digits: 1)
        w.double("throttle_margin_pct", rule.throttleMarginPercent, digits: 1)
        w.endObject()
        if let budget = RealTimeBudget.current() {
            w.int("sched_rt_runtime_us", budget.runtimeMicroseconds)
            w.int("sched_rt_period_us", budget.periodMicroseconds)
        }
        w.endObject()
        try Self.writeFile(path + "/environment.json", w.text + "\n")
    }

    /// `shard.json` of a sharded sweep: which shard, the schedule, and the command line that
    /// `wsbench merge --matrix` rebuilds the sweep from.
    func writeShardRecord(configuration: MatrixConfiguration, schedule: MatrixShardSchedule) throws(HarnessError) {
        var w = JSONWriter()
        w.beginObject()
        w.string("tool", "wsbench matrix")
        w.int("index", configuration.shard.index)
        w.int("count", configuration.shard.count)
        w.double("start_unix", schedule.start, digits: 6)
        w.double("cell_period_seconds", schedule.cellPeriodSeconds, digits: 6)
        w.beginArray("command_line")
        for argument in configuration.commandLine { w.string(nil, argument) }
        w.endArray()
        w.endObject()
        try Self.writeFile(path + "/shard.json", w.text + "\n")
    }

    func writeRun(_ run: CellRun, cell: MatrixCell, round: Int, environment: RunEnvironment, histogramLog: Bool) throws(HarnessError) {
        let directory = path + "/cells/" + cell.name
        try Self.makeDirectories(directory)
        try Self.writeFile(directory + "/round-\(round).json", run.result.json(environment: environment) + "\n")
        if histogramLog {
            try Self.writeFile(directory + "/round-\(round).hlog", run.result.histogramLog)
        }
    }

    func writeSummary(_ summaries: [CellSummary], server: String, environment: MatrixEnvironment, configuration: MatrixConfiguration) throws(HarnessError) {
        let rows = summaries.map { $0.csvRow(server: server) }
        try Self.writeFile(path + "/summary.csv", CSVTable.render(header: CellSummary.csvHeader, rows: rows))
        for summary in summaries {
            try Self.writeFile(path + "/cells/" + summary.cell.name + ".json", cellJSON(summary))
        }
        try Self.writeFile(path + "/summary.md", markdown(summaries, rows: rows, environment: environment, configuration: configuration))
    }

    func cellJSON(_ summary: CellSummary) -> String {
        var w = JSONWriter()
        let row = Dictionary(uniqueKeysWithValues: zip(CellSummary.csvHeader, summary.csvRow(server: "")))
        w.beginObject()
        w.string("cell", summary.cell.name)
        for field in CellSummary.csvHeader where field != "cell" && field != "server" {
            w.string(field, row[field])
        }
        w.string("negotiated_extensions", summary.negotiated)
        w.beginArray("msgs_per_s_rounds")
        for value in summary.throughputs { w.double(nil, value, digits: 0) }
        w.endArray()
        let histogram = summary.latency
        w.beginObject("latency_us")
        w.int("samples", Int(histogram.totalCount))
        // Percentile distribution for plots: 0, 50, 75, 87.5, … halving the distance to 100 each step.
        w.beginArray("distribution")
        if histogram.totalCount > 0 {
            var percentile = 0.0
            var gap = 50.0
            while percentile < 99.9999 {
                w.beginArray()
                w.double(nil, percentile, digits: 5)
                w.double(nil, Double(histogram.valueAtPercentile(percentile)) / 1000, digits: 1)
                w.endArray()
                percentile += gap
                gap /= 2
            }
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.text + "\n"
    }

    func markdown(_ summaries: [CellSummary], rows: [[String]], environment: MatrixEnvironment, configuration: MatrixConfiguration) -> String {
        var text = "# wsbench matrix, \(environment.startedAt)\n\n"
        text += "Server: \(configuration.target?.description ?? "built-in (`wsbench serve`), \(configuration.serverThreads) loop(s) on CPU \(configuration.serverCPUs.map(String.init).joined(separator: ","))")"
        text += "; load: \(configuration.loadThreads) thread(s) on CPU \(configuration.loadCPUs.map(String.init).joined(separator: ","))"
        text += "; real time: \(configuration.realTime ? "asked" : "no"); commit \(environment.gitCommit); \(environment.machine.cpuModel), \(environment.machine.kernel).\n\n"
        text += "Each cell: \(configuration.repeats) interleaved round(s) of \(Format.trimmed(configuration.durationSeconds)) s after \(Format.trimmed(configuration.warmupSeconds)) s warm-up; median (min–max) messages/s; latency percentiles of all rounds merged; server CPU µs per echoed message.\n"
        let method = configuration.repeats >= 3
            ? "bootstrap 95 % confidence interval of the median (\(MedianInterval.resamples) seeded resamples of the rounds)"
            : "min–max of the rounds (fewer than 3 rounds: no bootstrap)"
        text += "Interval (msgs/s and server µs/msg): \(method).\n\n"
        text += "| cell | transport | msgs/s | min–max | interval | p50 µs | p99 µs | p99.9 µs | p99.99 µs | server CPU % | server µs/msg | interval | load CPU % | compression ratio | errors | disturbed |\n"
        text += "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        let index = Dictionary(uniqueKeysWithValues: CellSummary.csvHeader.enumerated().map { ($1, $0) })
        for row in rows {
            func f(_ name: String) -> String { row[index[name]!].isEmpty ? "–" : row[index[name]!] }
            func range(_ name: String) -> String { row[index[name + "_ci_low"]!].isEmpty ? "–" : f(name + "_ci_low") + "–" + f(name + "_ci_high") }
            text += "| \(f("cell")) | \(f("transport")) | \(f("msgs_per_s")) | \(f("msgs_per_s_min"))–\(f("msgs_per_s_max")) | \(range("msgs_per_s")) | \(f("p50_us")) | \(f("p99_us")) | \(f("p99_9_us")) | \(f("p99_99_us")) | \(f("server_cpu_pct")) | \(f("server_us_per_msg")) | \(range("server_us_per_msg")) | \(f("load_cpu_pct")) | \(f("compression_ratio")) | \(f("errors")) | \(row[index["disturbed"]!].isEmpty ? "no" : row[index["disturbed"]!]) |\n"
        }
        let lagged = rows.filter { !$0[index["send_lag_p99_us"]!].isEmpty }
        if !lagged.isEmpty {
            text += "\nOpen-loop cells: the load generator's own send lag p99 (actual − intended send time, median of rounds), µs: "
            text += lagged.map { "\($0[index["cell"]!]) \($0[index["send_lag_p99_us"]!])" }.joined(separator: "; ") + ".\n"
        }
        let rule = configuration.disturbanceRule
        let disturbed = rows.filter { !$0[index["disturbed"]!].isEmpty }.count
        text += "\nDisturbed: \(disturbed) of \(rows.count) cell(s). A round counts as disturbed when the server or the load generator waited for a CPU more than \(Format.trimmed(rule.runQueueWaitPercent)) % of the run (schedstat), other processes used more than \(Format.trimmed(rule.foreignCPUPercent)) % of the pinned cores (/proc/stat), steal exceeded \(Format.trimmed(rule.stealPercent)) %, or a side ran at real-time priority within \(Format.trimmed(rule.throttleMarginPercent)) points of the real-time budget (throttled ~50 ms a second). The worst round's figures are in summary.csv.\n"
        return text
    }
}
