#if canImport(Glibc)
import Glibc
#endif

/// Prints what a target saw when `WSBENCH_FUZZ_TRACE` is set: for running a crash artifact or a seed
/// by hand (`WSBENCH_FUZZ_TRACE=1 .build/release/FuzzServerFrames Corpus/FuzzServerFrames/rfc7692-hello`).
public enum Trace {
    /// Whether tracing is on (read once).
    public static let isEnabled = getenv("WSBENCH_FUZZ_TRACE") != nil

    /// Prints `message()` when tracing is on.
    public static func print(_ message: @autoclosure () -> String) {
        if isEnabled { Swift.print(message()) }
    }
}
