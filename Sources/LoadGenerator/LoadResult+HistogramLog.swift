import Histogram
extension LoadResult {
    /// The run's per-interval latencies as an `.hlog` (empty intervals included, so time stays
    /// continuous), and in open loop each interval's send lag as a second histogram tagged
    /// ``sendLagTag``. Needs ``LoadConfiguration/keepIntervalHistograms``.
    public var histogramLog: String {
        var list: [HistogramLog.Interval] = []
        let openLoop = configuration.inFlight == 0
        for index in 0..<max(intervals.count, openLoop ? sendLagIntervals.count : 0) {
            let start = Double(index) * reportIntervalSeconds
            let histogram = index < intervals.count ? intervals[index] : nil
            list.append(HistogramLog.Interval(start: start, length: reportIntervalSeconds, histogram: histogram ?? .makeLatency()))
            if openLoop {
                let lag = index < sendLagIntervals.count ? sendLagIntervals[index] : nil
                list.append(
                    HistogramLog.Interval(
                        start: start, length: reportIntervalSeconds, histogram: lag ?? .makeLatency(), tag: Self.sendLagTag))
            }
        }
        return HistogramLog.text(
            startTime: startWallClock, intervals: list, comment: "[Logged with wsbench load, \(configuration.target)]")
    }

    /// The `Tag=` of the send-lag histograms in the `.hlog`.
    public static let sendLagTag = "send_lag"
}
