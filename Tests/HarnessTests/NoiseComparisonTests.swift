import BenchSupport
import Harness
import Testing

/// The regression gate with intervals: overlapping differences are "within noise"; clear ones are
/// still regressions or improvements; summaries without intervals keep the threshold rule.
@Suite struct NoiseComparisonTests {
    typealias Row = (cell: String, msgs: Double, low: Double, high: Double, cpu: Double, cpuLow: Double, cpuHigh: Double)

    func table(_ rows: [Row]) -> CSVTable {
        CSVTable(text: CSVTable.render(
            header: ["cell", "msgs_per_s", "p99_us", "server_us_per_msg", "msgs_per_s_ci_low", "msgs_per_s_ci_high",
                     "server_us_per_msg_ci_low", "server_us_per_msg_ci_high", "spread_method"],
            rows: rows.map { [$0.cell, String($0.msgs), "500", String($0.cpu), String($0.low), String($0.high),
                              String($0.cpuLow), String($0.cpuHigh), "bootstrap95"] }))
    }

    var thresholds: RegressionThresholds {
        var t = RegressionThresholds()
        t.throughputPercent = 10
        t.serverCPUPercent = 10
        return t
    }

    let baseline: [Row] = [("a", 100_000, 95_000, 104_000, 5.0, 4.8, 5.3)]

    @Test func overlappingDifferenceIsWithinNoise() throws {
        // −15 % messages/s and +20 % server CPU, but the rounds of both runs overlap.
        let current: [Row] = [("a", 85_000, 80_000, 97_000, 6.0, 5.2, 6.4)]
        let results = Comparison.compare(baseline: table(baseline), current: table(current), thresholds: thresholds)
        #expect(!Comparison.fails(results))
        let msgs = try #require(results.first { $0.metric == "msgs_per_s" })
        #expect(msgs.verdict == .withinNoise && msgs.changePercent == -15)
        #expect(results.first { $0.metric == "server_us_per_msg" }?.verdict == .withinNoise)
        #expect(Comparison.table(results).contains("within noise"))
    }

    @Test func clearDifferencesAreStillCalled() {
        let slower: [Row] = [("a", 80_000, 78_000, 82_000, 6.0, 5.8, 6.2)]
        let results = Comparison.compare(baseline: table(baseline), current: table(slower), thresholds: thresholds)
        #expect(Comparison.fails(results))
        #expect(results.filter { $0.verdict == .regression }.map(\.metric) == ["msgs_per_s", "server_us_per_msg"])
        let faster: [Row] = [("a", 130_000, 125_000, 134_000, 4.0, 3.9, 4.1)]
        let better = Comparison.compare(baseline: table(baseline), current: table(faster), thresholds: thresholds)
        #expect(!Comparison.fails(better))
        #expect(better.filter { $0.verdict == .better }.map(\.metric) == ["msgs_per_s", "server_us_per_msg"])
    }

    @Test func overlappingWithinToleranceStaysOK() {
        let same = Comparison.compare(baseline: table(baseline), current: table(baseline), thresholds: thresholds)
        #expect(same.allSatisfy { $0.verdict == .ok })
    }

    @Test func apartButWithinToleranceIsOK() {
        let close: [Row] = [("a", 93_000, 92_000, 94_500, 5.0, 4.8, 5.3)]
        let results = Comparison.compare(baseline: table(baseline), current: table(close), thresholds: thresholds)
        #expect(results.first { $0.metric == "msgs_per_s" }?.verdict == .ok)
    }

    @Test func oldSummariesWithoutIntervalsUseTheThresholds() {
        // A result directory from before the interval columns: the threshold gate alone decides.
        let old = CSVTable(text: "cell,msgs_per_s,p99_us,server_us_per_msg\na,100000,500,5.0\n")
        let slower: [Row] = [("a", 85_000, 80_000, 97_000, 5.0, 4.8, 5.3)]
        let results = Comparison.compare(baseline: old, current: table(slower), thresholds: thresholds)
        #expect(results.first { $0.metric == "msgs_per_s" }?.verdict == .regression)
        #expect(results.first { $0.metric == "server_us_per_msg" }?.verdict == .ok)
    }

    @Test func bestOfSeveralRunsKeepsTheIntervalOfTheChosenValue() {
        let noisy: [Row] = [("a", 80_000, 60_000, 99_000, 6.5, 5.0, 8.0)]
        let good: [Row] = [("a", 99_000, 98_000, 100_000, 5.1, 5.0, 5.2)]
        let best = Comparison.best(of: [table(noisy), table(good)])
        let row = best.rows[0]
        #expect(row["msgs_per_s"] == "99000.0" && row["msgs_per_s_ci_low"] == "98000.0" && row["msgs_per_s_ci_high"] == "100000.0")
        #expect(row["server_us_per_msg_ci_high"] == "5.2")
    }
}
