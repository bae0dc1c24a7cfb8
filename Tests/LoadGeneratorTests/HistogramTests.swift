import Histogram
import LoadGenerator
import Testing

@Suite("Histograms: merge, V2 encoding, .hlog")
struct HistogramTests {
    /// Deterministic latency-like values over 6 orders of magnitude.
    func values(seed: UInt64, count: Int) -> [Int64] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let magnitude = Int64(state % 7)
            var scale: Int64 = 1
            for _ in 0..<magnitude { scale *= 10 }
            return 1_000 + Int64((state >> 8) % 1_000) * scale
        }
    }

    func equalCounts(_ a: LatencyHistogram, _ b: LatencyHistogram) -> Bool {
        guard a.totalCount == b.totalCount, a.max == b.max else { return false }
        let aValues = a.recordedValues().map { ($0.value, $0.count) }
        let bValues = b.recordedValues().map { ($0.value, $0.count) }
        return aValues.count == bValues.count && zip(aValues, bValues).allSatisfy { $0 == $1 }
    }

    @Test("merging per-thread histograms equals recording everything in one")
    func mergeIsExact() {
        var parts = (0..<4).map { _ in LatencyHistogram.makeLatency() }
        var whole = LatencyHistogram.makeLatency()
        for (i, value) in values(seed: 42, count: 20_000).enumerated() {
            parts[i % 4].recordLatency(value)
            whole.recordLatency(value)
        }
        var merged = LatencyHistogram.makeLatency()
        for part in parts { merged.add(part) }
        #expect(equalCounts(merged, whole))
        for p in [50.0, 90, 99, 99.9, 99.99, 100] { #expect(merged.valueAtPercentile(p) == whole.valueAtPercentile(p)) }
    }

    @Test("the V2 encoding round-trips, compressed and not")
    func encodingRoundTrips() throws {
        var h = LatencyHistogram.makeLatency()
        for value in values(seed: 7, count: 5_000) { h.recordLatency(value) }
        h.recordLatency(0)
        let plain = try #require(HistogramEncoding.decode(HistogramEncoding.encode(h)))
        let compressed = try #require(HistogramEncoding.decode(HistogramEncoding.encodeCompressed(h)))
        #expect(equalCounts(plain, h))
        #expect(equalCounts(compressed, h))
        #expect(compressed.highestTrackableValue == h.highestTrackableValue)
        #expect(compressed.lowestDiscernibleValue == h.lowestDiscernibleValue)
    }

    @Test("an empty histogram encodes and decodes")
    func emptyHistogram() throws {
        let decoded = try #require(HistogramEncoding.decode(HistogramEncoding.encodeCompressed(.makeLatency())))
        #expect(decoded.totalCount == 0)
    }

    @Test("bytes that are not an encoding are rejected")
    func garbageRejected() {
        #expect(HistogramEncoding.decode([1, 2, 3, 4, 5, 6, 7, 8, 9]) == nil)
        var bytes = HistogramEncoding.encodeCompressed(.makeLatency())
        bytes[9] ^= 0xFF
        #expect(HistogramEncoding.decode(bytes) == nil)
    }

    @Test(".hlog text round-trips: start time, interval times and every count")
    func logRoundTrips() throws {
        var intervals: [HistogramLog.Interval] = []
        for i in 0..<3 {
            var h = LatencyHistogram.makeLatency()
            for value in values(seed: UInt64(i + 1), count: 1_000 * (i + 1)) { h.recordLatency(value) }
            intervals.append(HistogramLog.Interval(start: Double(i), length: 1, histogram: h))
        }
        let text = HistogramLog.text(startTime: 1_700_000_000.25, intervals: intervals)
        #expect(text.hasPrefix("#[Histogram log format version 1.3]\n#[StartTime: 1700000000.250 (seconds since epoch), 2023-11-14T22:13:20Z]\n"))
        let parsed = try #require(HistogramLog.parse(text))
        #expect(parsed.startTime == 1_700_000_000.25)
        #expect(parsed.intervals.count == 3)
        for (a, b) in zip(parsed.intervals, intervals) {
            #expect(a.start == b.start)
            #expect(a.length == b.length)
            #expect(equalCounts(a.histogram, b.histogram))
        }
    }

    @Test("a run's .hlog holds exactly the run's measured latencies")
    func runLog() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 500
            c.keepIntervalHistograms = true
            c.reportIntervalSeconds = 0.05
            return try runLoad(c)
        }
        let parsed = try #require(HistogramLog.parse(result.histogramLog))
        var merged = LatencyHistogram.makeLatency()
        for interval in parsed.intervals { merged.add(interval.histogram) }
        #expect(merged.totalCount == 500)
        #expect(equalCounts(merged, result.latency))
    }
}
