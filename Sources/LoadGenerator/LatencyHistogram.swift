import Histogram

/// The histogram type used for every latency in a run: nanoseconds, 3 significant digits, up to
/// 100 s (longer values are clamped to it).
public typealias LatencyHistogram = Histogram<UInt64>

extension Histogram where Count == UInt64 {
    /// The highest latency tracked, in nanoseconds.
    public static var latencyCeiling: UInt64 { 100_000_000_000 }

    /// An empty latency histogram.
    public static func makeLatency() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: latencyCeiling, numberOfSignificantValueDigits: .three)
    }

    /// Records a latency in nanoseconds (negative as 0, above the ceiling as the ceiling).
    @inlinable
    public mutating func recordLatency(_ nanoseconds: Int64) {
        let value = nanoseconds <= 0 ? 0 : Swift.min(UInt64(nanoseconds), Self.latencyCeiling)
        _ = record(value)
    }
}
