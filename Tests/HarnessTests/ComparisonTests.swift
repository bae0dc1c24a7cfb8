import BenchSupport
import Harness
import Testing

/// The regression gate's verdicts on hand-made summary tables.
@Suite struct ComparisonTests {
    func table(_ rows: [(cell: String, msgs: Double, p99: Double, cpu: Double)]) -> CSVTable {
        CSVTable(text: CSVTable.render(
            header: ["cell", "msgs_per_s", "p99_us", "server_us_per_msg"],
            rows: rows.map { [$0.cell, String($0.msgs), String($0.p99), String($0.cpu)] }))
    }

    let baseline = [("a", 100_000.0, 500.0, 5.0), ("b", 50_000.0, 900.0, 9.0)]

    /// Fixed tolerances (10 % throughput, 30 % p99, 10 % server CPU) so the tests do not depend on
    /// the calibrated defaults.
    var tight: RegressionThresholds {
        var t = RegressionThresholds()
        t.throughputPercent = 10
        t.p99Percent = 30
        t.serverCPUPercent = 10
        return t
    }

    @Test func identicalRunsPass() {
        let results = Comparison.compare(baseline: table(baseline), current: table(baseline), thresholds: tight)
        #expect(!Comparison.fails(results))
        #expect(results.count == 6)
        #expect(results.allSatisfy { $0.verdict == .ok })
    }

    @Test func throughputDropBeyondToleranceFails() {
        let slower = [("a", 85_000.0, 500.0, 5.0), ("b", 50_000.0, 900.0, 9.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(slower), thresholds: tight)
        #expect(Comparison.fails(results))
        let bad = results.filter { $0.verdict == .regression }
        #expect(bad.count == 1 && bad[0].cell == "a" && bad[0].metric == "msgs_per_s")
        #expect(bad[0].changePercent == -15)
    }

    @Test func dropWithinToleranceAndImprovementsPass() {
        let mixed = [("a", 95_000.0, 550.0, 5.2), ("b", 70_000.0, 300.0, 6.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(mixed), thresholds: tight)
        #expect(!Comparison.fails(results))
        #expect(results.contains { $0.cell == "b" && $0.metric == "msgs_per_s" && $0.verdict == .better })
    }

    @Test func serverCPUPerMessageRiseFails() {
        // Throughput held (the load generator was the bottleneck) but the server got 15% slower.
        let costlier = [("a", 100_000.0, 500.0, 5.75), ("b", 50_000.0, 900.0, 9.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(costlier), thresholds: tight)
        #expect(Comparison.fails(results))
        #expect(results.filter { $0.verdict == .regression }.map(\.metric) == ["server_us_per_msg"])
    }

    @Test func p99RiseUsesItsOwnTolerance() {
        var thresholds = tight
        thresholds.p99Percent = 50
        let laggier = [("a", 100_000.0, 700.0, 5.0), ("b", 50_000.0, 900.0, 9.0)]
        #expect(!Comparison.fails(Comparison.compare(baseline: table(baseline), current: table(laggier), thresholds: thresholds)))
        thresholds.p99Percent = 30
        #expect(Comparison.fails(Comparison.compare(baseline: table(baseline), current: table(laggier), thresholds: thresholds)))
    }

    @Test func missingCellFails() {
        let partial = [("a", 100_000.0, 500.0, 5.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(partial), thresholds: tight)
        #expect(Comparison.fails(results))
        #expect(results.contains { $0.cell == "b" && $0.verdict == .missing })
    }

    @Test func severalRunsAreReducedToTheirBestPerCellAndMetric() {
        // A noisy run (everything slower) and a good one: the best of both is the good one, so a
        // slow phase alone does not fail the gate, while a regression present in both runs does.
        let noisy = [("a", 80_000.0, 900.0, 6.5), ("b", 40_000.0, 1500.0, 11.0)]
        let good = [("a", 99_000.0, 510.0, 5.1), ("b", 49_000.0, 950.0, 9.2)]
        let best = Comparison.best(of: [table(noisy), table(good)])
        #expect(best.rows.first { $0["cell"] == "a" }?["msgs_per_s"] == "99000.0")
        #expect(best.rows.first { $0["cell"] == "b" }?["server_us_per_msg"] == "9.2")
        #expect(!Comparison.fails(Comparison.compare(baseline: table(baseline), current: best, thresholds: tight)))
        let regressed = [("a", 99_000.0, 510.0, 6.0), ("b", 49_000.0, 950.0, 9.2)]
        let stillRegressed = Comparison.best(of: [table(noisy), table(regressed)])
        #expect(Comparison.fails(Comparison.compare(baseline: table(baseline), current: stillRegressed, thresholds: tight)))
    }

    @Test func tableListsEveryComparison() {
        let results = Comparison.compare(baseline: table(baseline), current: table(baseline), thresholds: tight)
        let text = Comparison.table(results)
        #expect(text.split(separator: "\n").count == 1 + results.count)
        #expect(text.contains("msgs_per_s") && text.contains("server_us_per_msg"))
    }
}
