import Glibc

/// The system's clocks in seconds, for time stamps and for deadlines outside hot paths. (Event
/// loops use EpollIO's `MonotonicClock`, integer nanoseconds and milliseconds through an inlined
/// C call.)
public enum SystemClock {
    /// Seconds since the Unix epoch (`CLOCK_REALTIME`): when something happened, for result files.
    public static func wallSeconds() -> Double {
        seconds(CLOCK_REALTIME)
    }

    /// Seconds on `CLOCK_MONOTONIC` (from an arbitrary origin; never jumps): for elapsed times and deadlines.
    public static func monotonicSeconds() -> Double {
        seconds(CLOCK_MONOTONIC)
    }

    private static func seconds(_ clock: clockid_t) -> Double {
        var now = timespec()
        clock_gettime(clock, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
