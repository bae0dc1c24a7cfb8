import LoadGenerator

/// One second of a run as the dashboard shows it: rates since the previous sample, latency so far,
/// connections open, errors so far.
public struct DashboardSample: Sendable, Equatable {
    /// Seconds since the run (or the matrix cell's round) started.
    public var elapsedSeconds: Double
    /// Echoed messages per second since the previous sample.
    public var messagesPerSecond: Double
    /// Bytes read + written per second since the previous sample, in MB (10^6).
    public var wireMegabytesPerSecond: Double
    /// Latency of the measured messages so far, µs.
    public var p50Microseconds: Double
    public var p99Microseconds: Double
    public var connectionsOpen: Int
    public var errors: Int

    /// The sample between two progress snapshots (from the start when `previous` is nil).
    public init(_ progress: LoadProgress, since previous: LoadProgress?) {
        let seconds = max(progress.elapsedSeconds - (previous?.elapsedSeconds ?? 0), 1e-9)
        let messages = progress.counters.messagesReceived - (previous?.counters.messagesReceived ?? 0)
        let bytes = progress.counters.bytesRead + progress.counters.bytesWritten
            - (previous.map { $0.counters.bytesRead + $0.counters.bytesWritten } ?? 0)
        elapsedSeconds = progress.elapsedSeconds
        messagesPerSecond = Double(messages) / seconds
        wireMegabytesPerSecond = Double(bytes) / seconds / 1e6
        p50Microseconds = Double(progress.p50Nanoseconds) / 1000
        p99Microseconds = Double(progress.p99Nanoseconds) / 1000
        connectionsOpen = progress.counters.connectionsOpen
        errors = progress.counters.totalErrors
    }
}
