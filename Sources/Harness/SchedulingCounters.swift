import BenchSupport
import Glibc

/// A process's scheduling counters, summed over its threads (`/proc/PID/task/*`): CPU time and
/// time spent runnable but waiting for a CPU (`schedstat`), involuntary context switches
/// (`status`), CPU migrations (`sched`, when the kernel has it). Read before and after a run; the
/// difference says how much the rest of the machine got in the process's way.
public struct SchedulingCounters: Sendable, Equatable {
    public var cpuNanoseconds: Int64 = 0
    /// Time runnable but not running (the second field of `schedstat`).
    public var runQueueWaitNanoseconds: Int64 = 0
    public var involuntarySwitches: Int64 = 0
    /// CPU migrations (`se.nr_migrations`); 0 where `/proc/PID/task/TID/sched` is missing.
    public var migrations: Int64 = 0

    public init() {}

    /// The counters of every thread of `pid` now, summed (zero if the process cannot be read).
    /// Threads that have ended are gone from `/proc`; see ``ThreadCountersTracker`` for a process
    /// whose threads come and go.
    public static func read(pid: pid_t) -> SchedulingCounters {
        readThreads(pid: pid).values.reduce(into: SchedulingCounters()) { $0.add($1) }
    }

    /// The counters of each thread of `pid` now, by thread id.
    public static func readThreads(pid: pid_t) -> [Int: SchedulingCounters] {
        var byThread: [Int: SchedulingCounters] = [:]
        let threads = (try? FileSystem.directoryEntries("/proc/\(pid)/task")) ?? []
        for thread in threads {
            guard let tid = Int(thread) else { continue }
            let base = "/proc/\(pid)/task/\(thread)/"
            var counters = SchedulingCounters()
            guard let text = try? FileSystem.read(base + "schedstat") else { continue }
            (counters.cpuNanoseconds, counters.runQueueWaitNanoseconds) = schedstat(text)
            if let text = try? FileSystem.read(base + "status") {
                counters.involuntarySwitches = involuntarySwitches(status: text)
            }
            if let text = try? FileSystem.read(base + "sched") { counters.migrations = migrations(sched: text) }
            byThread[tid] = counters
        }
        return byThread
    }

    /// Adds `other`'s counts to these.
    public mutating func add(_ other: SchedulingCounters) {
        cpuNanoseconds += other.cpuNanoseconds
        runQueueWaitNanoseconds += other.runQueueWaitNanoseconds
        involuntarySwitches += other.involuntarySwitches
        migrations += other.migrations
    }

    /// CPU time and run-queue wait from a `schedstat` line (`"<run ns> <wait ns> <slices>"`).
    public static func schedstat(_ text: String) -> (cpu: Int64, wait: Int64) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let cpu = fields.first.flatMap { Int64($0) } ?? 0
        let wait = fields.dropFirst().first.flatMap { Int64($0) } ?? 0
        return (cpu, wait)
    }

    /// `nonvoluntary_ctxt_switches` of a `/proc/PID/status` text (0 if absent).
    public static func involuntarySwitches(status text: String) -> Int64 {
        field("nonvoluntary_ctxt_switches", in: text, separator: ":")
    }

    /// `se.nr_migrations` of a `/proc/PID/sched` text (0 if absent).
    public static func migrations(sched text: String) -> Int64 {
        field("se.nr_migrations", in: text, separator: ":")
    }

    static func field(_ name: String, in text: String, separator: Character) -> Int64 {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            guard rest.first == separator else { continue }
            return Int64(rest.dropFirst().drop { $0 == " " || $0 == "\t" }.prefix { !$0.isWhitespace }) ?? 0
        }
        return 0
    }

    /// The counts from `earlier` to `self`.
    public func since(_ earlier: SchedulingCounters) -> SchedulingCounters {
        var d = SchedulingCounters()
        d.cpuNanoseconds = cpuNanoseconds - earlier.cpuNanoseconds
        d.runQueueWaitNanoseconds = runQueueWaitNanoseconds - earlier.runQueueWaitNanoseconds
        d.involuntarySwitches = involuntarySwitches - earlier.involuntarySwitches
        d.migrations = migrations - earlier.migrations
        return d
    }
}
