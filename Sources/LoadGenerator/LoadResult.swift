import Histogram
import EpollIO

/// The merged outcome of a run: counters, latency histograms, what the server accepted, notes.
public struct LoadResult: Sendable {
    /// The configuration the run used.
    public var configuration: LoadConfiguration
    /// Counters summed over threads.
    public var counters = LoadCounters()
    /// Round-trip latency of the measured messages (ns): from the send (closed loop) or the intended
    /// send (open loop) to the echo's arrival.
    public var latency = LatencyHistogram.makeLatency()
    /// Open loop: the load generator's own send lag (ns) per measured message sent — actual minus
    /// intended send time, the actual time being the clock read of the loop pass that sent it. Empty in
    /// closed loop, where messages go out when their predecessor's echo arrives (nothing to be late for).
    public var sendLag = LatencyHistogram.makeLatency()
    /// TCP connect time (ns): `connect` to writable.
    public var connectTime = LatencyHistogram.makeLatency()
    /// `wss://`: TLS handshake time (ns): connected to the TLS handshake complete.
    public var tlsTime = LatencyHistogram.makeLatency()
    /// Upgrade handshake time (ns): connected (over `wss://`, TLS complete) to the 101 parsed.
    public var handshakeTime = LatencyHistogram.makeLatency()
    /// The `Sec-WebSocket-Extensions` values the server answered with ("" = none), and how often.
    public var negotiatedExtensions: [String: Int] = [:]
    /// The subprotocols the server chose ("" = none), and how often.
    public var negotiatedSubprotocols: [String: Int] = [:]
    /// The addresses connections went to (the host name resolved, or the address given); empty
    /// when the name did not resolve.
    public var addresses: [SocketAddress] = []
    /// Explanations of limits reached and failures seen.
    public var notes: [String] = []
    /// Per-interval latency histograms (kept only for an `.hlog`); nil = nothing recorded.
    public var intervals: [LatencyHistogram?] = []
    /// Per-interval send-lag histograms (open loop, kept only for an `.hlog`); nil = nothing recorded.
    public var sendLagIntervals: [LatencyHistogram?] = []
    /// The length of each of ``intervals``, in seconds.
    public var reportIntervalSeconds: Double = 1
    /// Threads used.
    public var threads = 0
    /// Start of the run, seconds since the epoch.
    public var startWallClock: Double = 0
    /// Seconds from the start until the last thread ended (connects, drain and close included).
    public var elapsedSeconds: Double = 0
    /// The measured time: from the end of the warm-up to the end of sending.
    public var measuredSeconds: Double = 0
    /// CPU time this process used during the run (all threads).
    public var cpuSeconds: Double = 0
    /// The user part of ``cpuSeconds``.
    public var userCPUSeconds: Double = 0
    /// The system (kernel) part of ``cpuSeconds``.
    public var systemCPUSeconds: Double = 0
    /// The open-file limit during the run (after raising the soft limit to the hard one).
    public var fileLimit: OpenFileLimit?
    /// Seconds from the start until the last connection that opened had completed its handshake.
    public var secondsToOpenAll: Double = 0
    /// This process's peak resident memory in bytes.
    public var maximumResidentBytes = 0

    // Fleet mode (`--shard I/N`, `wsbench merge`).
    /// ``MonotonicClock`` at the start (ns; the moment ``startWallClock`` stands for, to within the
    /// few µs between the two reads).
    public var startMonotonicNanoseconds: Int64 = 0
    /// The start asked for with `--start-at`/`--start-in` (seconds since the epoch), if any.
    public var requestedStart: Double? = nil
    /// The command line (arguments after `wsbench`), header values redacted; lets `merge` rebuild the configuration.
    public var commandLine: [String] = []

    /// Creates an empty result for `configuration`.
    public init(configuration: LoadConfiguration) {
        self.configuration = configuration
    }

    /// Echoed measured messages per second.
    public var messagesPerSecond: Double {
        measuredSeconds > 0 ? Double(counters.measuredMessagesReceived) / measuredSeconds : 0
    }

    /// Echoed measured payload megabytes (10^6) per second, one direction.
    public var megabytesPerSecond: Double {
        measuredSeconds > 0 ? Double(counters.measuredPayloadBytes) / measuredSeconds / 1e6 : 0
    }

    /// This process's CPU use over the run, in percent of one core.
    public var cpuPercent: Double { elapsedSeconds > 0 ? cpuSeconds / elapsedSeconds * 100 : 0 }

    /// The percentiles reported everywhere.
    public static let percentiles: [Double] = [50, 90, 99, 99.9, 99.99]

    /// A latency percentile in nanoseconds (0 with no samples).
    public func latency(at percentile: Double) -> UInt64 {
        latency.totalCount > 0 ? latency.valueAtPercentile(percentile) : 0
    }

    /// A send-lag percentile in nanoseconds (0 with no samples, as in closed loop).
    public func sendLag(at percentile: Double) -> UInt64 {
        sendLag.totalCount > 0 ? sendLag.valueAtPercentile(percentile) : 0
    }

    /// Whether the load generator's own lateness is large against what it measured: send lag p99 more
    /// than a tenth of latency p50 (``SendLagWarning``). Never in closed loop.
    public var sendLagWarning: Bool {
        SendLagWarning.applies(sendLagP99: sendLag(at: 99), latencyP50: latency(at: 50))
    }

    /// Whether the run saw no error of any kind and opened every connection.
    public var isClean: Bool {
        counters.totalErrors == 0 && counters.connectionsOpened == configuration.shardWebSocketCount
    }

    /// What the server accepted, in words.
    public var extensionsSummary: String { Self.countsSummary(negotiatedExtensions) }

    /// The subprotocols the server chose, in words (`chat ×3; none ×1`).
    public var subprotocolsSummary: String { Self.countsSummary(negotiatedSubprotocols) }

    /// `value ×count` per value, sorted, `; `-separated ("" reads `none`); `none` when empty.
    static func countsSummary(_ counts: [String: Int]) -> String {
        if counts.isEmpty { return "none" }
        return counts.sorted { $0.key < $1.key }
            .map { "\($0.key.isEmpty ? "none" : $0.key) ×\($0.value)" }.joined(separator: "; ")
    }
}
