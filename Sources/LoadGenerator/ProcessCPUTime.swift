import Glibc

/// This process's CPU time so far (`getrusage(RUSAGE_SELF)`), in seconds.
struct ProcessCPUTime: Sendable {
    var user: Double
    var system: Double
    var total: Double { user + system }

    /// The process's peak resident set size in bytes (`ru_maxrss`).
    static func maximumResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    static func now() -> ProcessCPUTime {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return ProcessCPUTime(
            user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }
}

/// Wall-clock time (`CLOCK_REALTIME`), for time stamps in result files.
enum WallClock {
    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
