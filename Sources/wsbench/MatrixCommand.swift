import ArgumentParser
import BenchSupport
import Harness
import LoadGenerator
import PerMessageDeflate
import Reporting

/// `wsbench matrix`: sweep payload × compression × connections × mode and write a result directory.
struct MatrixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Sweep payload sizes × compression × connections (× mode) against the built-in server or a URL.",
        discussion: """
            With no options: the quick sweep (20 B, 1 KiB, 16 KiB × compression off/on × 100 connections, \
            3 interleaved rounds of 5 s), about two minutes, server on CPU 0 and load on CPU 1. \
            Results go to results/<timestamp>/ (summary.csv, summary.md, cells/, environment.json).
            Compression names: off, on, wN (windows of N bits), and -nct for no context takeover (e.g. w12-nct); a last
            -zlib, -isal or -libdeflate picks the built-in server's DEFLATE library for that cell (e.g. on-zlib,on-isal \
            compares the server's compressors; one server per library is started; not with --url, nor with \
            --server-arg=--deflate-impl). The load generator's library is --deflate-impl (default auto, the fastest).
            Modes: closed (1 in flight), closedN (N in flight), openRATE (open loop at RATE messages/s in total).
            Both sides run at normal priority unless --realtime is given. --realtime (SCHED_RR 1, like chrt -r 1, \
            when root) shields a throughput sweep from other work, but with kernel.sched_rt_runtime_us below the \
            period (950000 of 1000000 here) a side that saturates its core is parked ~50 ms every second: a \
            step at p99.9/p99.99 that is not the server's. Use it for throughput-only sweeps, not for latency.
            Spread: summary.csv/summary.md give each cell's interval of the median across rounds for msgs/s \
            and server µs/msg: a bootstrap 95% CI (\(MedianInterval.resamples) seeded resamples) with 3 or more \
            rounds, min–max with fewer (spread_method says which).
            Disturbance: around every run the harness reads /proc (run-queue wait and involuntary switches \
            of both processes, other processes' CPU and steal on the pinned cores); a round where either side \
            waited for a CPU more than \(Format.trimmed(DisturbanceRule().runQueueWaitPercent))% of the run, other \
            processes used more than \(Format.trimmed(DisturbanceRule().foreignCPUPercent))% of the pinned cores, steal \
            exceeded \(Format.trimmed(DisturbanceRule().stealPercent))%, or a real-time side came within \
            \(Format.trimmed(DisturbanceRule().throttleMarginPercent)) points of the real-time budget is marked in the \
            console and in the "disturbed" column with the reason.
            """)

    @Option(help: "Measure this server instead of starting the built-in one (ws://host[:port]/path; a host name is resolved once per cell run).")
    var url: String?
    @Option(help: "Payload sizes in bytes (default 20,1024,16384).")
    var sizes: String?
    @Option(help: "Compression settings.")
    var compression = "off,on"
    @Option(help: """
        The load generator's permessage-deflate library in every compressed cell: zlib, isal, libdeflate (15-bit window \
        without context takeover only, else zlib) or auto (the fastest valid one). A compression value's \
        -zlib/-isal/-libdeflate suffix picks the built-in server's.
        """)
    var deflateImpl = "auto"
    @Option(help: "Transports: ws, wss, h2c, h2, comma-separated (default ws). wss and h2 start the built-in server with --tls-self-signed and do not verify its certificate; h2c and h2 are WebSockets over HTTP/2 (wsbench load --http2); cells get a -wss/-h2c/-h2 suffix. With --url, the URL's scheme limits them (ws/h2c for ws://, wss/h2 for wss://).")
    var transports: String?
    @Option(help: "WebSockets per TCP connection for the h2c/h2 transports, e.g. 1,10 (default 1); cells with more than 1 get a -kN suffix.")
    var streamsPerConnection = "1"
    @Option(help: "Connection counts.")
    var connections = "100"
    @Option(help: "Modes: closed, closedN, openRATE.")
    var modes = "closed"
    @Option(help: "Rounds per cell (the median is reported).")
    var repeats = 3
    @Option(help: "Measured seconds per run.")
    var duration = 5.0
    @Option(help: "Warm-up seconds per run (not counted).")
    var warmup = 1.0
    @Flag(help: "Send text messages (default: binary).")
    var text = false
    @OptionGroup var contentOptions: ContentOptions
    @Option(help: "Built-in server loops.")
    var serverThreads = 1
    @Option(help: "CPUs for the built-in server.")
    var serverCpus = "0"
    @Option(help: "Load-generator threads.")
    var loadThreads = 1
    @Option(help: "CPUs for the load generator.")
    var loadCpus = "1"
    @Flag(help: """
        Ask for real-time priority (SCHED_RR 1) for both sides: for throughput-only sweeps; \
        adds a ~50 ms step to latency tails when a side saturates its core (see below).
        """)
    var realtime = false
    @Flag(help: .hidden)
    var noRealtime = false
    @Option(parsing: .singleValue, help: "Extra argument for the built-in server (repeat), e.g. --server-arg=--no-compress-replies.")
    var serverArg: [String] = []
    @Flag(help: "Also write an HdrHistogram .hlog per cell and round.")
    var hlog = false
    @Option(help: "Result directory (default: results/<timestamp>).")
    var out: String?
    // Thresholds (checked per cell against summary.csv), JUnit and Markdown verdicts.
    @OptionGroup(title: "Verdicts") var verdicts: VerdictOptions
    // The live dashboard (its own thread).
    @OptionGroup(title: "Dashboard") var dashboardOptions: DashboardOptions
    // Fleet mode: every cell's load as shard I of N, merged by `wsbench merge --matrix`.
    @Option(help: "Run shard I of N of every cell's load (needs --url and --start-at/--start-in); cell k starts at the start + k × (warm-up + duration + 3 s) on every shard.")
    var shard: String?
    @Option(help: "With --shard: the wall-clock time (Unix seconds) of the first cell, the same for all shards.")
    var startAt: Double?
    @Option(help: "With --shard: start the first cell after this many seconds (on one machine; across machines prefer --start-at).")
    var startIn: Double?

    func list(_ text: String, _ name: String) throws -> [Int] {
        try text.split(separator: ",").map {
            guard let value = Int($0) else { throw ValidationError("--\(name) takes numbers like 1,2") }
            return value
        }
    }

    func makeConfiguration() throws -> MatrixConfiguration {
        var c = MatrixConfiguration()
        if let url {
            do {
                c.target = try TargetURL.parse(url)
            } catch {
                throw ValidationError("--url: \(error)")
            }
        }
        c.sizes = try list(sizes ?? "20,1024,16384", "sizes")
        c.compressions = try compression.split(separator: ",").map {
            guard let setting = CompressionSetting(String($0)) else { throw ValidationError("unknown compression setting \($0)") }
            return setting
        }
        c.loadDeflateImplementation = try DeflateImplementation.argument(deflateImpl, option: "--deflate-impl")
        if let transports {
            c.transports = try transports.split(separator: ",").map {
                guard let transport = MatrixTransport(rawValue: String($0)) else { throw ValidationError("--transports: ws, wss, h2c, h2 (comma-separated)") }
                return transport
            }
            if let target = c.target, c.transports.contains(where: { $0.isSecure != target.isSecure }) {
                throw ValidationError("--transports is for the built-in server; against --url the URL's scheme is the transport (ws/h2c for ws://, wss/h2 for wss://)")
            }
        } else if let target = c.target {
            c.transports = [target.isSecure ? .wss : .ws]
        }
        c.connections = try list(connections, "connections")
        c.streamsPerConnection = try list(streamsPerConnection, "streams-per-connection")
        if c.streamsPerConnection.contains(where: { $0 < 1 }) { throw ValidationError("--streams-per-connection: counts of at least 1") }
        c.modes = try modes.split(separator: ",").map { name -> LoadMode in
            if name == "closed" { return .closedLoop(inFlight: 1) }
            if name.hasPrefix("closed"), let n = Int(name.dropFirst(6)), n > 0 { return .closedLoop(inFlight: n) }
            if name.hasPrefix("open"), let rate = Double(name.dropFirst(4)), rate > 0 { return .openLoop(messagesPerSecond: rate) }
            throw ValidationError("unknown mode \(name)")
        }
        guard repeats >= 1, duration > 0, warmup >= 0 else { throw ValidationError("repeats ≥ 1, duration > 0, warm-up ≥ 0") }
        c.repeats = repeats
        c.durationSeconds = duration
        c.warmupSeconds = warmup
        c.opcode = text ? .text : .binary
        (c.content, c.contentSeed, c.payloadFile) = try contentOptions.chosen(sizeOption: sizes.map { _ in "--sizes" }, text: text)
        if let file = c.payloadFile { (c.opcode, c.sizes) = (file.opcode, [file.meanSize]) }
        c.serverThreads = serverThreads
        c.serverCPUs = try CPUList.argument(serverCpus, option: "--server-cpus")
        c.loadThreads = loadThreads
        c.loadCPUs = try CPUList.argument(loadCpus, option: "--load-cpus")
        if realtime && noRealtime { throw ValidationError("--realtime and --no-realtime contradict each other") }
        c.realTime = realtime
        c.serverArguments = serverArg
        c.histogramLogs = hlog
        if let shard {
            do { c.shard = try ShardSpec.parse(shard) } catch { throw ValidationError(error.description) }
        }
        do { c.start = try ShardStart.resolve(at: startAt, in: startIn, now: SystemClock.wallSeconds()) } catch {
            throw ValidationError(error.description)
        }
        if !c.shard.isWhole || c.start != nil {
            if c.target == nil {
                throw ValidationError("--shard/--start-at/--start-in need --url: the built-in server is started per sweep on this machine, so the shards of a fleet cannot share it")
            }
            if c.start == nil { throw ValidationError("--shard needs --start-at (or --start-in): every shard must start each cell at the same time") }
        }
        if let problem = c.compressionProblem { throw ValidationError(problem) }
        c.commandLine = Array(CommandLine.arguments.dropFirst())
        return c
    }

    func run() throws {
        let configuration = try makeConfiguration()
        let thresholds = try verdicts.parsed()
        let directory = out.map(ResultDirectory.init(path:)) ?? ResultDirectory.timestamped(under: "results")
        printError("wsbench matrix: \(configuration.cells.count) cells × \(configuration.repeats) rounds, about \(Int(configuration.estimatedSeconds / 60 + 0.5)) min; writing \(directory.path)")
        let live = try dashboardOptions.start(command: "matrix", title: "wsbench matrix → \(directory.path)")
        let feed = live?.feed
        defer { live?.server.stop() }
        let runner = MatrixRunner(configuration: configuration, directory: directory) { line in
            printError(line)
            // "[3/18] cell, round 1/3, about 2m left": a new phase of the dashboard.
            if line.hasPrefix("["), let feed { feed.begin(phase: line) }
        }
        if let feed { runner.onProgress = { feed.publish($0) } }
        let clean: Bool
        do {
            clean = try runner.run()
        } catch {
            printError("wsbench matrix: \(error)")
            throw ExitCode(2)
        }
        if let summary = try? FileSystem.read(directory.path + "/summary.md") { print(summary) }
        printError("wsbench matrix: results in \(directory.path) (charts: scripts/plot.py \(directory.path))")
        feed?.finish("sweep over: \(directory.path)")
        let summary = (try? CSVTable.read(directory.path + "/summary.csv")) ?? CSVTable(text: "")
        let verdictsFailed = verdicts.report(command: "wsbench matrix", thresholds: thresholds, cells: ReportedMetrics.cells(of: summary), summaryTable: summary)
        if !clean || verdictsFailed { throw ExitCode(1) }
    }
}
