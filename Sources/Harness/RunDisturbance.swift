/// What the tool's environment did during one run of a cell, from `/proc` figures read before and
/// after it: how long the server and the load generator were runnable but waiting for a CPU, how
/// much of the pinned cores other processes used, steal, switches and migrations, and whether the
/// real-time budget was in reach. ``DisturbanceRule`` decides whether that disturbed the figures.
public struct RunDisturbance: Sendable, Equatable {
    /// Wall-clock seconds of the run.
    public var elapsedSeconds: Double
    /// The built-in server's counters over the run (nil against an external server).
    public var server: SchedulingCounters?
    /// This process's counters (the load generator's threads and the harness).
    public var load: SchedulingCounters
    /// The cores whose foreign CPU was measured (the pinned ones); empty when nothing was pinned.
    public var cores: [Int]
    /// Busy time of those cores by processes other than ours, in nanoseconds (nil if not measured).
    public var foreignNanoseconds: Int64?
    /// Steal time on those cores (or on all cores when nothing was pinned), in nanoseconds.
    public var stealNanoseconds: Int64
    /// Whether the server and the load generator really ran at real-time priority.
    public var realTime: Bool
    /// Server loops and load threads, to turn process CPU into per-thread shares.
    public var serverThreads: Int
    public var loadThreads: Int
    /// The machine's real-time budget (nil if unknown).
    public var budget: RealTimeBudget?

    public init(elapsedSeconds: Double, server: SchedulingCounters?, load: SchedulingCounters, cores: [Int],
                foreignNanoseconds: Int64?, stealNanoseconds: Int64, realTime: Bool, serverThreads: Int = 1,
                loadThreads: Int = 1, budget: RealTimeBudget? = nil) {
        self.elapsedSeconds = elapsedSeconds
        self.server = server
        self.load = load
        self.cores = cores
        self.foreignNanoseconds = foreignNanoseconds
        self.stealNanoseconds = stealNanoseconds
        self.realTime = realTime
        self.serverThreads = serverThreads
        self.loadThreads = loadThreads
        self.budget = budget
    }

    func percentOfRun(_ nanoseconds: Int64, cores: Int = 1) -> Double {
        elapsedSeconds > 0 ? Double(nanoseconds) / 1e9 / (elapsedSeconds * Double(max(1, cores))) * 100 : 0
    }

    /// The server's run-queue wait as a percentage of the run's wall time.
    public var serverRunQueueWaitPercent: Double? { server.map { percentOfRun($0.runQueueWaitNanoseconds) } }
    /// The load generator's run-queue wait as a percentage of the run's wall time.
    public var loadRunQueueWaitPercent: Double { percentOfRun(load.runQueueWaitNanoseconds) }
    /// Other processes' CPU on the pinned cores, as a percentage of those cores' time.
    public var foreignCPUPercent: Double? { foreignNanoseconds.map { percentOfRun($0, cores: cores.count) } }
    /// Steal as a percentage of the measured cores' time.
    public var stealPercent: Double { percentOfRun(stealNanoseconds, cores: max(1, cores.count)) }
    /// Involuntary context switches of both sides.
    public var involuntarySwitches: Int64 { load.involuntarySwitches + (server?.involuntarySwitches ?? 0) }
    /// CPU migrations of both sides.
    public var migrations: Int64 { load.migrations + (server?.migrations ?? 0) }
    /// CPU share of the busiest side per thread, in percent: near the real-time budget means throttled.
    public var busiestThreadCPUPercent: Double {
        let serverShare = server.map { percentOfRun($0.cpuNanoseconds) / Double(max(1, serverThreads)) } ?? 0
        return max(serverShare, percentOfRun(load.cpuNanoseconds) / Double(max(1, loadThreads)))
    }
}
