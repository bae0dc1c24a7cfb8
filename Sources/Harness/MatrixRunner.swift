import BenchSupport
import Glibc
import LoadGenerator
import PerMessageDeflate

/// Runs a sweep: starts the built-in servers (unless a URL was given; one per transport and server
/// DEFLATE library, see ``ServerKey``), runs every cell `repeats`
/// times in interleaved rounds (round 1 of every cell, then round 2, …, so slow drifts of a noisy
/// machine spread over all cells), and writes the result directory as it goes.
public final class MatrixRunner {
    /// Which built-in server serves a cell: one per transport and server DEFLATE library swept
    /// (a compression value's `-zlib`/`-isal`/`-libdeflate` suffix; nil = the server's own choice).
    struct ServerKey: Hashable {
        var transport: MatrixTransport
        var library: DeflateImplementation?

        init(_ cell: MatrixCell) {
            transport = cell.transport
            library = cell.compression.serverLibrary
        }
    }

    public let configuration: MatrixConfiguration
    public let directory: ResultDirectory
    /// Called with one line per event (cell start, estimate, problems).
    let log: (String) -> Void
    /// Called about once a second with the running load's progress (`matrix --dashboard`);
    /// nil = progress is not read (as before).
    public var onProgress: ((LoadProgress) -> Void)? = nil

    public init(configuration: MatrixConfiguration, directory: ResultDirectory, log: @escaping (String) -> Void) {
        self.configuration = configuration
        self.directory = directory
        self.log = log
    }

    /// Runs the sweep and returns whether every run was clean.
    public func run() throws(HarnessError) -> Bool {
        let cells = configuration.cells
        guard !cells.isEmpty else { throw HarnessError("the sweep has no cells") }
        if configuration.target == nil, let problem = ServerUnderTest.problem(withExtraArguments: configuration.serverArguments) {
            throw HarnessError(problem)
        }
        if let problem = configuration.compressionProblem { throw HarnessError(problem) }
        if let given = configuration.target, configuration.transports.contains(where: { $0.isSecure != given.isSecure }) {
            throw HarnessError("--transports is for the built-in server; against --url the URL's scheme is the transport (ws/h2c for ws://, wss/h2 for wss://)")
        }
        let schedule = try shardSchedule()
        let environment = MatrixEnvironment.current()
        try directory.prepare()
        try directory.writeEnvironment(environment, configuration: configuration)
        if let schedule { try directory.writeShardRecord(configuration: configuration, schedule: schedule) }
        // The built-in servers: one per transport and server library swept (every connection on a TLS
        // port is TLS; `on-zlib,on-isal` compares the servers' libraries), all started before the first
        // cell (idle ones wait in epoll), each cell measured on the one that serves it.
        var servers: [ServerKey: ServerUnderTest] = [:]
        defer { for server in servers.values { _ = server.stop() } }
        var targets: [ServerKey: TargetURL] = [:]
        for cell in cells where targets[ServerKey(cell)] == nil {
            let key = ServerKey(cell)
            if let given = configuration.target {
                targets[key] = given
                continue
            }
            let server = try ServerUnderTest(
                executable: configuration.executable, threads: configuration.serverThreads, cpus: configuration.serverCPUs,
                realTime: configuration.realTime, extraArguments: configuration.serverArguments, workDirectory: directory.path,
                tls: key.transport.isSecure, deflateImplementation: key.library)
            servers[key] = server
            guard let local = TargetURL("\(key.transport.scheme)://127.0.0.1:\(server.port)\(server.path)") else {
                throw HarnessError("bad server URL")
            }
            targets[key] = local
        }
        let serverName = configuration.target == nil ? "builtin" : configuration.target!.description
        var runs = [[CellRun]](repeating: [], count: cells.count)
        let total = cells.count * configuration.repeats
        let started = SystemClock.monotonicSeconds()
        var done = 0
        var allClean = true
        let realTime = configuration.realTime && RealTimePriority.enter()
        defer { if realTime { RealTimePriority.leave() } }
        if configuration.realTime && !realTime { log("note: real-time priority refused (not root?); results will be noisier") }
        // Every built-in server (one per transport and library) as well as the load.
        let bothRealTime = realTime && servers.values.allSatisfy { $0.process.isRealTime }
        let budget = RealTimeBudget.current()
        if bothRealTime, let budget, budget.throttles {
            log("note: real-time priority with kernel.sched_rt_runtime_us=\(budget.runtimeMicroseconds)"
                + " of \(budget.periodMicroseconds): a side that saturates its core is parked for the rest of each period (latency tails get a step)")
        }
        sweep: for round in 1...configuration.repeats {
            for (index, cell) in cells.enumerated() {
                let server = servers[ServerKey(cell)]
                let target = targets[ServerKey(cell)]!
                if let server, !server.isRunning {
                    log("the built-in server exited; stopping the sweep (results so far are written)")
                    allClean = false
                    break sweep
                }
                let elapsed = SystemClock.monotonicSeconds() - started
                let remaining = done == 0 ? configuration.estimatedSeconds : elapsed / Double(done) * Double(total - done)
                log("[\(done + 1)/\(total)] \(cell.name), round \(round)/\(configuration.repeats), about \(Self.minutes(remaining)) left")
                var requestedStart: Double? = nil
                if let schedule {
                    requestedStart = try waitForRun(done, of: schedule, cell: cell, round: round)
                }
                let run = try runCell(cell, target: target, server: server, realTime: bothRealTime, budget: budget, requestedStart: requestedStart)
                if !run.result.isClean {
                    allClean = false
                    log("  errors in \(cell.name): \(run.result.counters.totalErrors), \(run.result.counters.connectionsOpened)/\(run.result.configuration.webSocketCount) WebSockets opened")
                }
                if !run.disturbedReasons.isEmpty { log("  disturbed: " + run.disturbedReasons.joined(separator: "; ")) }
                try directory.writeRun(run, cell: cell, round: round, environment: environment.machine, histogramLog: configuration.histogramLogs)
                runs[index].append(run)
                done += 1
            }
        }
        let summaries = zip(cells, runs).filter { !$0.1.isEmpty }.map { CellSummary(cell: $0.0, runs: $0.1) }
        try directory.writeSummary(summaries, server: serverName, environment: environment, configuration: configuration)
        return allClean
    }

    /// One run of one cell.
    func runCell(_ cell: MatrixCell, target: TargetURL, server: ServerUnderTest?, realTime: Bool = false,
                 budget: RealTimeBudget? = nil, requestedStart: Double? = nil) throws(HarnessError) -> CellRun {
        let load = loadConfiguration(for: cell, target: target)
        if let problem = load.validate() { throw HarnessError("cell \(cell.name): \(problem)") }

        let cpuBefore = server?.cpuNanoseconds
        let serverBefore = server.map { SchedulingCounters.read(pid: $0.process.pid) }
        var loadTracker = ThreadCountersTracker(pid: getpid())
        let ticksBefore = CPUTicks.current()
        let timeBefore = SystemClock.monotonicSeconds()
        let loadRun: LoadRun
        do {
            loadRun = try LoadRun.start(load)
        } catch {
            throw HarnessError("cell \(cell.name): cannot start the load: \(error)")
        }
        var nextProgress = SystemClock.monotonicSeconds() + 1
        while !loadRun.isFinished {
            usleep(100_000)
            loadTracker.sample()
            if let onProgress, SystemClock.monotonicSeconds() >= nextProgress {
                nextProgress += 1
                onProgress(loadRun.progress())
            }
        }
        var result = loadRun.wait()
        result.requestedStart = requestedStart
        let elapsed = SystemClock.monotonicSeconds() - timeBefore
        let ticksAfter = CPUTicks.current()
        let loadCounters = loadTracker.total
        let serverCounters = server.flatMap { s in serverBefore.map { SchedulingCounters.read(pid: s.process.pid).since($0) } }
        var serverCPU: Int64? = nil
        if let server, let before = cpuBefore { serverCPU = server.cpuNanoseconds - before }
        var run = CellRun(result: result, serverCPUNanoseconds: serverCPU, serverResidentKiB: server?.residentKiB, serverElapsedSeconds: elapsed)
        run.serverDeflateLibrary = server?.deflateLibrary
        run.disturbance = disturbance(
            elapsed: elapsed, server: serverCounters, load: loadCounters, before: ticksBefore, after: ticksAfter,
            realTime: realTime, budget: budget)
        run.disturbedReasons = run.disturbance.map { configuration.disturbanceRule.reasons($0) } ?? []
        return run
    }

    /// The load configuration of `cell` against `target` (this shard's slice of it when sharded).
    func loadConfiguration(for cell: MatrixCell, target: TargetURL) -> LoadConfiguration {
        var load = LoadConfiguration(target: target)
        // wss:// against the built-in server's self-signed certificate: not verified (--insecure).
        if target.isSecure && configuration.target == nil { load.tlsVerification = .none }
        load.threads = configuration.loadThreads
        load.cpus = configuration.loadCPUs
        load.connections = cell.connections
        load.http2 = cell.transport.isHTTP2
        load.streamsPerConnection = cell.streamsPerConnection
        load.sizes = [cell.payloadBytes]
        load.opcode = cell.opcode
        load.content = cell.content
        load.contentSeed = configuration.contentSeed
        load.payloadFile = configuration.payloadFile
        load.mode = cell.mode
        load.compression = cell.compression.offer
        // The cell's library suffix is the server's; the load's is the sweep's (nil = the fastest valid).
        load.compression?.implementation = configuration.loadDeflateImplementation
        load.durationSeconds = configuration.durationSeconds + configuration.warmupSeconds
        load.warmupSeconds = configuration.warmupSeconds
        load.keepIntervalHistograms = configuration.histogramLogs
        load.shard = configuration.shard
        return load
    }

    /// The environment figures of one run. Foreign CPU is measured on the pinned cores (the
    /// server's and the load's; only the load's against an external server, whose own CPU would
    /// count as foreign otherwise) and left out when nothing is pinned; steal on the same cores, or
    /// on every core.
    func disturbance(elapsed: Double, server: SchedulingCounters?, load: SchedulingCounters, before: [Int: CPUTicks],
                     after: [Int: CPUTicks], realTime: Bool, budget: RealTimeBudget?) -> RunDisturbance {
        let cores = Array(Set(configuration.loadCPUs + (configuration.target == nil ? configuration.serverCPUs : []))).sorted()
        let nanosecondsPerTick = Int64(1e9 / CPUTicks.ticksPerSecond)
        let measured = CPUTicks.delta(from: before, to: after, cpus: cores.isEmpty ? Array(after.keys) : cores)
        var foreign: Int64? = nil
        if !cores.isEmpty {
            foreign = max(0, measured.busy * nanosecondsPerTick - load.cpuNanoseconds - (server?.cpuNanoseconds ?? 0))
        }
        return RunDisturbance(
            elapsedSeconds: elapsed, server: server, load: load, cores: cores.isEmpty ? Array(after.keys).sorted() : cores,
            foreignNanoseconds: foreign, stealNanoseconds: measured.steal * nanosecondsPerTick, realTime: realTime,
            serverThreads: configuration.serverThreads, loadThreads: configuration.loadThreads, budget: budget)
    }

    /// The schedule of a sharded sweep (nil when not sharded); throws when the sweep cannot be one.
    func shardSchedule() throws(HarnessError) -> MatrixShardSchedule? {
        guard !configuration.shard.isWhole || configuration.start != nil else { return nil }
        guard configuration.target != nil else {
            throw HarnessError("--shard and --start-at/--start-in need an external target (--url): the built-in server is started per sweep on this machine, so the shards of a fleet cannot share it")
        }
        guard let start = configuration.start else {
            throw HarnessError("--shard needs --start-at (or --start-in on one machine): every shard must start each cell at the same time")
        }
        return MatrixShardSchedule(start: start.wallClock, configuration: configuration)
    }

    /// Sleeps until run `k` of the schedule is due and returns its start; throws when it is already
    /// further past than the merge's start tolerance (the previous cell overran its slot, or the
    /// sweep started late), as the shards would no longer run the cell together.
    func waitForRun(_ k: Int, of schedule: MatrixShardSchedule, cell: MatrixCell, round: Int) throws(HarnessError) -> Double {
        let due = schedule.startOfRun(k)
        let late = SystemClock.wallSeconds() - due
        if late > ShardMerge.defaultStartTolerance {
            throw HarnessError("cell \(cell.name), round \(round) was due \(Format.fixed(late, 1)) s ago (slots of \(Format.fixed(schedule.cellPeriodSeconds, 1)) s from the start): the previous cell overran its slot or the sweep started late, so the shards no longer run together")
        }
        while true {
            let wait = due - SystemClock.wallSeconds()
            if wait <= 0 { break }
            usleep(useconds_t(min(wait, 0.1) * 1e6))
        }
        return due
    }

    static func minutes(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" : "\(s)s"
    }
}
