import Histogram
extension LoadResult {
    /// The run's per-interval latencies as an `.hlog` (empty intervals included, so time stays
    /// continuous). Needs ``LoadConfiguration/keepIntervalHistograms``.
    public var histogramLog: String {
        var list: [HistogramLog.Interval] = []
        for (index, histogram) in intervals.enumerated() {
            list.append(
                HistogramLog.Interval(
                    start: Double(index) * reportIntervalSeconds, length: reportIntervalSeconds,
                    histogram: histogram ?? .makeLatency()))
        }
        return HistogramLog.text(
            startTime: startWallClock, intervals: list, comment: "[Logged with wsbench load, \(configuration.target)]")
    }
}
