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

    @Test func identicalRunsPass() {
        let results = Comparison.compare(baseline: table(baseline), current: table(baseline), thresholds: RegressionThresholds())
        #expect(!Comparison.fails(results))
        #expect(results.count == 6)
        #expect(results.allSatisfy { $0.verdict == .ok })
    }

    @Test func throughputDropBeyondToleranceFails() {
        let slower = [("a", 85_000.0, 500.0, 5.0), ("b", 50_000.0, 900.0, 9.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(slower), thresholds: RegressionThresholds())
        #expect(Comparison.fails(results))
        let bad = results.filter { $0.verdict == .regression }
        #expect(bad.count == 1 && bad[0].cell == "a" && bad[0].metric == "msgs_per_s")
        #expect(bad[0].changePercent == -15)
    }

    @Test func dropWithinToleranceAndImprovementsPass() {
        let mixed = [("a", 95_000.0, 550.0, 5.2), ("b", 70_000.0, 300.0, 6.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(mixed), thresholds: RegressionThresholds())
        #expect(!Comparison.fails(results))
        #expect(results.contains { $0.cell == "b" && $0.metric == "msgs_per_s" && $0.verdict == .better })
    }

    @Test func serverCPUPerMessageRiseFails() {
        // Throughput held (the load generator was the bottleneck) but the server got 15% slower.
        let costlier = [("a", 100_000.0, 500.0, 5.75), ("b", 50_000.0, 900.0, 9.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(costlier), thresholds: RegressionThresholds())
        #expect(Comparison.fails(results))
        #expect(results.filter { $0.verdict == .regression }.map(\.metric) == ["server_us_per_msg"])
    }

    @Test func p99RiseUsesItsOwnTolerance() {
        var thresholds = RegressionThresholds()
        thresholds.p99Percent = 50
        let laggier = [("a", 100_000.0, 700.0, 5.0), ("b", 50_000.0, 900.0, 9.0)]
        #expect(!Comparison.fails(Comparison.compare(baseline: table(baseline), current: table(laggier), thresholds: thresholds)))
        thresholds.p99Percent = 30
        #expect(Comparison.fails(Comparison.compare(baseline: table(baseline), current: table(laggier), thresholds: thresholds)))
    }

    @Test func missingCellFails() {
        let partial = [("a", 100_000.0, 500.0, 5.0)]
        let results = Comparison.compare(baseline: table(baseline), current: table(partial), thresholds: RegressionThresholds())
        #expect(Comparison.fails(results))
        #expect(results.contains { $0.cell == "b" && $0.verdict == .missing })
    }

    @Test func tableListsEveryComparison() {
        let results = Comparison.compare(baseline: table(baseline), current: table(baseline), thresholds: RegressionThresholds())
        let text = Comparison.table(results)
        #expect(text.split(separator: "\n").count == 1 + results.count)
        #expect(text.contains("msgs_per_s") && text.contains("server_us_per_msg"))
    }
}
