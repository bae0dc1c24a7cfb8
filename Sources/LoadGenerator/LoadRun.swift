import BenchSupport
import EpollIO
import Histogram
import PerMessageDeflate

/// A load run in progress: started with ``start(_:)``, watched with ``progress()``, stopped early
/// with ``stop()``, and finished with ``wait()``.
///
/// ```swift
/// let run = try LoadRun.start(configuration)
/// while !run.isFinished { sleep(1); print(run.progress().line(since: nil)) }
/// let result = run.wait()
/// ```
public final class LoadRun: Sendable {
    /// The configuration the run uses.
    public let configuration: LoadConfiguration
    /// The open-file limit after raising it (soft, hard).
    public let fileLimit: OpenFileLimit?
    let plan: LoadPlan
    let group: EventLoopThreadGroup
    let shared: LoadShared
    let templates: PayloadTemplates
    let wallClockStart: Double
    let startCPU: ProcessCPUTime

    private init(
        configuration: LoadConfiguration, fileLimit: OpenFileLimit?, plan: LoadPlan, group: EventLoopThreadGroup,
        shared: LoadShared, templates: PayloadTemplates, wallClockStart: Double, startCPU: ProcessCPUTime
    ) {
        self.configuration = configuration
        self.fileLimit = fileLimit
        self.plan = plan
        self.group = group
        self.shared = shared
        self.templates = templates
        self.wallClockStart = wallClockStart
        self.startCPU = startCPU
    }

    /// Validates the configuration, raises the open-file limit and starts the threads.
    public static func start(_ configuration: LoadConfiguration) throws(LoadError) -> LoadRun {
        if let problem = configuration.validate() { throw LoadError.invalidConfiguration(problem) }
        let target = try TargetAddresses.find(for: configuration)
        TerminationSignals.ignoreBrokenPipe()
        let fileLimit = try? OpenFileLimit.raiseToMaximum()
        let threads = configuration.effectiveThreads
        let shared = LoadShared(threads: threads, keepIntervals: configuration.keepIntervalHistograms)
        for note in target.notes { shared.note(note) }
        if let limit = fileLimit, UInt64(configuration.shardConnections) + 64 > limit.current {
            shared.note(
                "\(configuration.shardConnections) connections need more descriptors than the open-file limit allows (soft \(limit.current), hard \(limit.maximum)); raise the hard limit (`ulimit -Hn` / `prlimit --nofile` as root)")
        }
        let tls = try makeTLSContext(configuration)
        let templates = PayloadTemplates(configuration)
        let start = MonotonicClock.nanoseconds()
        let plan = LoadPlan(
            start: start,
            measureFrom: start + Int64(configuration.warmupSeconds * 1e9),
            sendUntil: configuration.messageCount == nil ? start + Int64(configuration.durationSeconds * 1e9) : .max,
            reportInterval: Int64(configuration.reportIntervalSeconds * 1e9),
            threads: threads, addresses: target.addresses, shard: configuration.shard)
        let cpus: [Int]? =
            configuration.cpus.isEmpty ? nil : (0..<threads).map { configuration.cpus[$0 % configuration.cpus.count] }
        let wallClockStart = SystemClock.wallSeconds()
        let startCPU = ProcessCPUTime.now()
        let group: EventLoopThreadGroup
        do {
            group = try EventLoopThreadGroup.start(count: threads, cpus: cpus) { thread in
                do {
                    let loop = try LoadLoop(
                        configuration: configuration, plan: plan, thread: thread, shared: shared, templates: templates, tls: tls)
                    loop.run()
                } catch {
                    shared.note("load thread \(thread.index) could not start: \(error)")
                    shared.finish(
                        thread: thread.index,
                        ThreadTotals(firstReportAt: 0).result(counters: LoadCounters(), finishedAt: MonotonicClock.nanoseconds()))
                }
            }
        } catch {
            throw LoadError.threadsNotStarted("\(error)")
        }
        return LoadRun(
            configuration: configuration, fileLimit: fileLimit, plan: plan, group: group, shared: shared,
            templates: templates, wallClockStart: wallClockStart, startCPU: startCPU)
    }

    /// Whether every thread has finished.
    public var isFinished: Bool {
        shared.state.withLock { s in s.final.allSatisfy { $0 != nil } }
    }

    /// Counters and latency so far (as of each thread's last report).
    public func progress() -> LoadProgress {
        shared.state.withLock { s in
            var counters = LoadCounters()
            for c in s.latestCounters { counters.add(c) }
            return LoadProgress(
                elapsedSeconds: Double(MonotonicClock.nanoseconds() - plan.start) / 1e9, counters: counters,
                p50Nanoseconds: s.soFar.totalCount > 0 ? s.soFar.valueAtPercentile(50) : 0,
                p99Nanoseconds: s.soFar.totalCount > 0 ? s.soFar.valueAtPercentile(99) : 0)
        }
    }

    /// Ends the sending early (as at the end of the duration); outstanding echoes are still awaited.
    public func stop() { group.requestStop() }

    /// Waits for the threads and returns the merged results.
    public func wait() -> LoadResult {
        group.join()
        let cpu = ProcessCPUTime.now()
        return shared.state.withLock { s in
            var result = LoadResult(configuration: configuration)
            var end = plan.start
            var lastOpened = plan.start
            var stall = SendStall()
            for thread in s.final {
                guard let thread else { continue }
                end = max(end, thread.finishedAt)
                lastOpened = max(lastOpened, thread.lastOpenedAt)
                result.counters.add(thread.counters)
                result.latency.add(thread.latency)
                result.sendLag.add(thread.sendLag)
                result.connectTime.add(thread.connect)
                result.tlsTime.add(thread.tls)
                result.handshakeTime.add(thread.handshake)
                stall.add(thread.stall)
                for (name, count) in thread.negotiatedExtensions { result.negotiatedExtensions[name, default: 0] += count }
                for (name, count) in thread.negotiatedSubprotocols { result.negotiatedSubprotocols[name, default: 0] += count }
            }
            result.notes = s.notes
            if let note = stall.note(mode: configuration.mode) { result.notes.append(note) }
            result.intervals = s.intervals
            result.sendLagIntervals = s.sendLagIntervals
            result.threads = plan.threads
            result.addresses = plan.addresses
            result.startWallClock = wallClockStart
            result.startMonotonicNanoseconds = plan.start
            result.elapsedSeconds = Double(end - plan.start) / 1e9
            let measuredEnd = min(end, plan.sendUntil)
            result.measuredSeconds = max(0, Double(measuredEnd - plan.measureFrom) / 1e9)
            result.cpuSeconds = cpu.total - startCPU.total
            result.userCPUSeconds = cpu.user - startCPU.user
            result.systemCPUSeconds = cpu.system - startCPU.system
            result.fileLimit = fileLimit
            result.secondsToOpenAll = Double(lastOpened - plan.start) / 1e9
            result.maximumResidentBytes = ProcessCPUTime.maximumResidentBytes()
            result.reportIntervalSeconds = configuration.reportIntervalSeconds
            return result
        }
    }
}
