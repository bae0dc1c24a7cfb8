import CEpoll

/// Cheap monotonic time for timers and latency measurement (vDSO `clock_gettime`, no system call).
public enum MonotonicClock {
    /// `CLOCK_MONOTONIC_COARSE` in milliseconds: the cheapest clock (a few ns), with
    /// the resolution of one kernel tick (1–4 ms). Good for idle timeouts and pings.
    @inlinable
    public static func coarseMilliseconds() -> Int64 {
        cepoll_monotonic_coarse_milliseconds()
    }

    /// `CLOCK_MONOTONIC` in nanoseconds: precise, for latency measurement.
    @inlinable
    public static func nanoseconds() -> Int64 {
        cepoll_monotonic_nanoseconds()
    }
}
