import BenchSupport
import Histogram
import WebSocketCore

extension LoadResult {
    /// The shard's line in the summary: which slice, and when it started against the time asked for.
    var shardSummaryLine: String {
        let c = configuration
        var line = "shard       \(c.shard) of the whole test (\(c.shardConnections) of \(c.connections) connections)"
        if let requestedStart {
            line += ", started \(Format.fixed((startWallClock - requestedStart) * 1e3, 1)) ms after --start-at \(Format.fixed(requestedStart, 3))"
        }
        return line
    }

    /// What `wsbench merge` needs beyond the usual result file: the shard and its clocks, the command
    /// line, the CPU split, and every histogram at full resolution (HdrHistogram's compressed V2
    /// encoding in Base64, as `.hlog` lines carry it), per interval too when kept.
    func writeShardRecord(_ w: inout JSONWriter) {
        let c = configuration
        w.beginObject("shard")
        w.int("index", c.shard.index)
        w.int("count", c.shard.count)
        w.int("connections", c.shardConnections)
        if let requestedStart { w.double("requested_start_unix", requestedStart, digits: 6) } else { w.string("requested_start_unix", nil) }
        w.double("start_wall_unix", startWallClock, digits: 6)
        w.int("start_monotonic_ns", Int(startMonotonicNanoseconds))
        w.double("cpu_user_seconds", userCPUSeconds, digits: 6)
        w.double("cpu_system_seconds", systemCPUSeconds, digits: 6)
        w.double("report_interval_seconds", reportIntervalSeconds, digits: 6)
        w.endObject()
        w.beginArray("command_line")
        for argument in commandLine { w.string(nil, argument) }
        w.endArray()
        w.beginObject("histograms")
        w.string("encoding", Self.histogramEncodingName)
        w.string("latency_ns", Self.encoded(latency))
        w.string("send_lag_ns", Self.encoded(sendLag))
        w.string("connect_ns", Self.encoded(connectTime))
        w.string("tls_ns", Self.encoded(tlsTime))
        w.string("handshake_ns", Self.encoded(handshakeTime))
        w.endObject()
        if c.keepIntervalHistograms {
            w.beginObject("interval_histograms")
            w.double("length_seconds", reportIntervalSeconds, digits: 6)
            w.beginArray("latency_ns")
            for h in intervals { w.string(nil, h.map(Self.encoded)) }
            w.endArray()
            w.beginArray("send_lag_ns")
            for h in sendLagIntervals { w.string(nil, h.map(Self.encoded)) }
            w.endArray()
            w.endObject()
        } else {
            w.string("interval_histograms", nil)
        }
    }

    /// How the `histograms` strings are encoded.
    public static let histogramEncodingName = "HdrHistogram V2 compressed, Base64"

    /// A histogram as its compressed V2 encoding in Base64.
    public static func encoded(_ histogram: LatencyHistogram) -> String {
        Base64.encode(HistogramEncoding.encodeCompressed(histogram))
    }

    /// The histogram a string of ``encoded(_:)`` holds; nil if it does not decode.
    public static func decodedHistogram(_ text: String) -> LatencyHistogram? {
        Base64.decode(text).flatMap(HistogramEncoding.decode)
    }
}
