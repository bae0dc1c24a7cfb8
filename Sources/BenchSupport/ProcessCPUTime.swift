import Glibc

/// This process's CPU time so far (`getrusage(RUSAGE_SELF)`), in seconds.
public struct ProcessCPUTime: Sendable {
    /// Seconds spent in user mode.
    public var user: Double
    /// Seconds spent in the kernel on the process's behalf.
    public var system: Double
    /// User and system time together.
    public var total: Double { user + system }

    /// A reading of `user` and `system` seconds.
    public init(user: Double, system: Double) {
        self.user = user
        self.system = system
    }

    /// This process's CPU time now.
    public static func now() -> ProcessCPUTime {
        let usage = resourceUsage()
        return ProcessCPUTime(
            user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    /// This process's peak resident set size so far, in bytes (`ru_maxrss`).
    public static func maximumResidentBytes() -> Int {
        resourceUsage().ru_maxrss * 1024
    }

    private static func resourceUsage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }
}
