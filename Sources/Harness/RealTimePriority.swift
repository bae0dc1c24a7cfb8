import Glibc

/// Real-time scheduling for the calling thread (SCHED_RR priority 1, what `chrt -r 1` gives): threads
/// it starts afterwards inherit it, so a load run started from here is shielded from other work.
enum RealTimePriority {
    /// Switches the calling thread to SCHED_RR 1; false if the system refuses (not root).
    static func enter() -> Bool {
        var parameter = sched_param(sched_priority: 1)
        return pthread_setschedparam(pthread_self(), SCHED_RR, &parameter) == 0
    }

    /// Back to normal scheduling.
    static func leave() {
        var parameter = sched_param(sched_priority: 0)
        _ = pthread_setschedparam(pthread_self(), SCHED_OTHER, &parameter)
    }
}
