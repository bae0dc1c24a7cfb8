import BenchSupport

/// A snapshot of a run in progress (what the live line shows).
public struct LoadProgress: Sendable {
    /// Seconds since the start.
    public var elapsedSeconds: Double
    /// Counters summed over threads at their last report.
    public var counters: LoadCounters
    /// Latency of the measured messages so far at the 50th percentile (ns).
    public var p50Nanoseconds: UInt64
    /// Latency of the measured messages so far at the 99th percentile (ns).
    public var p99Nanoseconds: UInt64

    /// One line: messages/s and wire MB/s (read + written) since the previous snapshot, latency so far, connections, errors.
    public func line(since previous: LoadProgress?) -> String {
        let seconds = max(elapsedSeconds - (previous?.elapsedSeconds ?? 0), 1e-9)
        let messages = counters.messagesReceived - (previous?.counters.messagesReceived ?? 0)
        let bytes = counters.bytesRead + counters.bytesWritten
            - (previous.map { $0.counters.bytesRead + $0.counters.bytesWritten } ?? 0)
        return "[\(Format.fixed(elapsedSeconds, 1)) s] \(Format.fixed(Double(messages) / seconds, 0)) msg/s  "
            + "\(Format.fixed(Double(bytes) / seconds / 1e6, 1)) MB/s on the wire  p50 \(Format.duration(p50Nanoseconds))  "
            + "p99 \(Format.duration(p99Nanoseconds))  open \(counters.connectionsOpen)  errors \(counters.totalErrors)"
    }
}
