import BenchSupport
import Histogram
import WebSocketCore

/// HdrHistogram's interval log format, version 1.3 (`.hlog`): what `HistogramLogProcessor` and the
/// other implementations' log readers take. Values are nanoseconds; `Interval_Max` is written in
/// milliseconds (the usual max-value unit ratio of 10^6).
///
/// ```
/// #[Histogram log format version 1.3]
/// #[StartTime: 1763697600.000 (seconds since epoch), 2025-11-21T04:00:00Z]
/// "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
/// 0.000,1.000,0.412,HISTFAAAA…
/// ```
public enum HistogramLog {
    /// One interval: start (seconds since the log's start time), length (seconds), histogram.
    public struct Interval {
        /// Seconds from the log's start time to the interval's start.
        public var start: Double
        /// The interval's length in seconds.
        public var length: Double
        /// The latencies recorded in the interval (ns).
        public var histogram: LatencyHistogram
        /// The line's `Tag=` (nil: untagged, the latencies; `send_lag`: the load generator's send lag).
        public var tag: String?

        /// Creates an interval.
        public init(start: Double, length: Double, histogram: LatencyHistogram, tag: String? = nil) {
            self.start = start
            self.length = length
            self.histogram = histogram
            self.tag = tag
        }
    }

    /// The unit ratio of the `Interval_Max` column (ns → ms).
    public static let maxValueUnitRatio = 1_000_000.0

    /// The whole log text for intervals starting at `startTime` (seconds since the epoch).
    public static func text(startTime: Double, intervals: [Interval], comment: String? = nil) -> String {
        var out = ""
        if let comment { out += "#\(comment)\n" }
        out += "#[Histogram log format version 1.3]\n"
        out += "#[StartTime: \(Format.fixed(startTime, 3)) (seconds since epoch), \(UTCTime(unixSeconds: startTime).iso8601)]\n"
        out += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n"
        for interval in intervals {
            let max = interval.histogram.totalCount > 0 ? Double(interval.histogram.max) : 0
            if let tag = interval.tag { out += "Tag=\(tag)," }
            out += "\(Format.fixed(interval.start, 3)),\(Format.fixed(interval.length, 3)),"
            out += "\(Format.fixed(max / maxValueUnitRatio, 3)),"
            out += Base64.encode(HistogramEncoding.encodeCompressed(interval.histogram)) + "\n"
        }
        return out
    }

    /// Parses a log: its start time and the intervals tagged `tag` (nil: the untagged ones). Nil if
    /// a histogram line does not decode.
    public static func parse(_ text: String, tag: String? = nil) -> (startTime: Double?, intervals: [Interval])? {
        var startTime: Double? = nil
        var intervals: [Interval] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#[StartTime: ") {
                startTime = Double(line.dropFirst(13).prefix(while: { $0 != " " }))
                continue
            }
            if line.hasPrefix("#") || line.hasPrefix("\"") { continue }
            var fields = line.split(separator: ",")
            var lineTag: String? = nil
            if fields.first?.hasPrefix("Tag=") == true { lineTag = String(fields.removeFirst().dropFirst(4)) }
            if lineTag != tag { continue }
            guard fields.count == 4, let start = Double(fields[0]), let length = Double(fields[1]),
                let bytes = Base64.decode(String(fields[3])), let histogram = HistogramEncoding.decode(bytes)
            else { return nil }
            intervals.append(Interval(start: start, length: length, histogram: histogram, tag: lineTag))
        }
        return (startTime, intervals)
    }
}
