import BenchSupport

/// An interval around a cell's median across rounds: how far the median could move if the rounds
/// were run again.
///
/// With three or more rounds it is the **bootstrap 95 % confidence interval of the median**
/// (percentile method): the rounds are resampled with replacement ``resamples`` times by a
/// `SplitMix64` generator with a fixed seed, so the same figures always give the same interval; the
/// 2.5th and 97.5th percentiles of the resampled medians are the bounds (widened to include the
/// median itself if they do not). With one or two rounds a bootstrap says nothing, so the interval
/// is the plain minimum–maximum of the rounds. ``method`` says which.
public struct MedianInterval: Sendable, Equatable {
    /// How an interval was obtained.
    public enum Method: String, Sendable {
        /// Bootstrap 95 % confidence interval of the median (three rounds or more).
        case bootstrap95
        /// Minimum and maximum of the rounds (fewer than three).
        case minMax = "minmax"
    }

    public var lower: Double
    public var upper: Double
    public var method: Method

    /// Resamples drawn for a bootstrap interval.
    public static let resamples = 2000
    /// The generator's seed: fixed, so intervals are reproducible.
    public static let seed: UInt64 = 0x5EED_0012

    public init(lower: Double, upper: Double, method: Method) {
        self.lower = lower
        self.upper = upper
        self.method = method
    }

    /// The interval of the median of `values` (nil for no values).
    public static func ofMedian(_ values: [Double], resamples: Int = resamples, seed: UInt64 = seed) -> MedianInterval? {
        guard let low = values.min(), let high = values.max() else { return nil }
        guard values.count >= 3, resamples > 0 else { return MedianInterval(lower: low, upper: high, method: .minMax) }
        var random = SplitMix64(seed: seed)
        var sample = values
        var medians: [Double] = []
        medians.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for index in sample.indices { sample[index] = values[Int(random.next() % UInt64(values.count))] }
            medians.append(CellSummary.median(sample))
        }
        medians.sort()
        let median = CellSummary.median(values)
        let lower = medians[Int(Double(resamples - 1) * 0.025)]
        let upper = medians[Int((Double(resamples - 1) * 0.975).rounded(.up))]
        return MedianInterval(lower: Swift.min(lower, median), upper: Swift.max(upper, median), method: .bootstrap95)
    }

    /// Whether the two intervals share any value.
    public func overlaps(_ other: MedianInterval) -> Bool {
        lower <= other.upper && other.lower <= upper
    }
}
