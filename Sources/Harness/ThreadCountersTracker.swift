import Glibc

/// The scheduling counters of a process whose threads start and end during a run (the load
/// generator's threads live for one run only, and an ended thread's counters leave `/proc` with
/// it): sampled while the run goes on, keeping each thread's latest figures, so the total still
/// counts threads that have ended. What a thread does after the last sample (at most one sampling
/// period, in the run's closing drain) is not counted.
public struct ThreadCountersTracker {
    let pid: pid_t
    let baseline: [Int: SchedulingCounters]
    var latest: [Int: SchedulingCounters]

    /// Starts tracking `pid` from its threads' counters now.
    public init(pid: pid_t) {
        self.pid = pid
        baseline = SchedulingCounters.readThreads(pid: pid)
        latest = baseline
    }

    /// Reads every thread's counters again.
    public mutating func sample() {
        for (tid, counters) in SchedulingCounters.readThreads(pid: pid) { latest[tid] = counters }
    }

    /// The counts since tracking started: each thread's latest figures less its starting ones
    /// (zero for threads started since).
    public var total: SchedulingCounters {
        var sum = SchedulingCounters()
        for (tid, counters) in latest { sum.add(counters.since(baseline[tid] ?? SchedulingCounters())) }
        return sum
    }
}
