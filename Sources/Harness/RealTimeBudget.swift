import BenchSupport

/// The kernel's allowance for real-time tasks (`kernel.sched_rt_runtime_us` of every
/// `kernel.sched_rt_period_us`): once the SCHED_RR/SCHED_FIFO tasks of a CPU have run for the
/// runtime within a period they are parked until the period ends. With the common 950000 of
/// 1000000 µs, a real-time process that wants its whole core is stopped for ~50 ms every second —
/// the ~50 ms step at p99.9 that closed-loop sweeps at real-time priority showed.
public struct RealTimeBudget: Sendable, Equatable {
    /// Runtime per period in µs; negative means unlimited (no throttling).
    public var runtimeMicroseconds: Int
    public var periodMicroseconds: Int

    public init(runtimeMicroseconds: Int, periodMicroseconds: Int) {
        self.runtimeMicroseconds = runtimeMicroseconds
        self.periodMicroseconds = periodMicroseconds
    }

    /// Whether real-time tasks are throttled at all.
    public var throttles: Bool { runtimeMicroseconds >= 0 && runtimeMicroseconds < periodMicroseconds }

    /// The share of a CPU real-time tasks may use, in percent (100 when unthrottled).
    public var percent: Double {
        throttles && periodMicroseconds > 0 ? Double(runtimeMicroseconds) / Double(periodMicroseconds) * 100 : 100
    }

    /// This machine's budget from `/proc/sys/kernel/sched_rt_*`, or nil if it cannot be read.
    public static func current() -> RealTimeBudget? {
        func value(_ name: String) -> Int? {
            (try? FileSystem.read("/proc/sys/kernel/" + name)).flatMap { Int($0.split(separator: "\n").first ?? "") }
        }
        guard let runtime = value("sched_rt_runtime_us"), let period = value("sched_rt_period_us") else { return nil }
        return RealTimeBudget(runtimeMicroseconds: runtime, periodMicroseconds: period)
    }
}
