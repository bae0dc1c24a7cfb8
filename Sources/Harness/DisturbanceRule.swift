import BenchSupport

/// When a run's figures are marked as disturbed by the tool's own environment rather than by the
/// server or the load (see ``RunDisturbance`` for the figures). A run is disturbed when
///
/// - the server or the load generator spent more than ``runQueueWaitPercent`` of the run's wall time
///   runnable but waiting for a CPU (`schedstat`), or
/// - other processes used more than ``foreignCPUPercent`` of the pinned cores' time (`/proc/stat`
///   busy time minus our processes' CPU time), or
/// - steal exceeded ``stealPercent``, or
/// - the run was at real-time priority and a side used its core up to the real-time budget
///   (within ``throttleMarginPercent`` of `sched_rt_runtime_us/period`): it was then parked for the
///   rest of every period — ~50 ms per second with the usual 950000/1000000.
///
/// The defaults come from the runs in `results/tails-and-spread.md`: shielded runs (nothing else on
/// the pinned cores) waited 0.7–2 % of the time with 0 % foreign CPU; other engineers' compilers on
/// the same two cores gave 8–58 % waits and 22–90 % foreign CPU. Steal on this VM is 0.2–1 % when quiet.
public struct DisturbanceRule: Sendable {
    public var runQueueWaitPercent = 3.0
    public var foreignCPUPercent = 5.0
    public var stealPercent = 2.0
    public var throttleMarginPercent = 5.0

    public init() {}

    /// Why `run` counts as disturbed (empty: it does not). Reasons hold no commas (they go into CSV).
    public func reasons(_ run: RunDisturbance) -> [String] {
        var reasons: [String] = []
        if let wait = run.serverRunQueueWaitPercent, wait > runQueueWaitPercent {
            reasons.append("server waited for a CPU \(Format.fixed(wait, 1))% of the run")
        }
        if run.loadRunQueueWaitPercent > runQueueWaitPercent {
            reasons.append("load waited for a CPU \(Format.fixed(run.loadRunQueueWaitPercent, 1))% of the run")
        }
        if let foreign = run.foreignCPUPercent, foreign > foreignCPUPercent {
            let cores = run.cores.map(String.init).joined(separator: "+")
            reasons.append("other processes used \(Format.fixed(foreign, 1))% of CPU \(cores)")
        }
        if run.stealPercent > stealPercent { reasons.append("steal \(Format.fixed(run.stealPercent, 1))%") }
        if run.realTime, let budget = run.budget, budget.throttles,
           run.busiestThreadCPUPercent >= budget.percent - throttleMarginPercent {
            reasons.append("real-time throttling likely (\(Format.fixed(run.busiestThreadCPUPercent, 0))% of a core at SCHED_RR"
                + " against a budget of \(Format.fixed(budget.percent, 0))%)")
        }
        return reasons
    }
}
