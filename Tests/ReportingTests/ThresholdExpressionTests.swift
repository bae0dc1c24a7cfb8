import Testing
@testable import Reporting

@Suite("Threshold grammar")
struct ThresholdExpressionTests {
    @Test("latencies need a unit and are stored in µs")
    func latencies() throws {
        let p99 = try ThresholdExpression.parse("p99<5ms")
        #expect(p99.metric.name == "p99")
        #expect(p99.comparison == .less)
        #expect(p99.limit == 5000)
        #expect(p99.cellPattern == nil)
        #expect(try ThresholdExpression.parse("p99.9<20ms").limit == 20_000)
        #expect(try ThresholdExpression.parse("p99.9<20ms").metric.column == "p99_9_us")
        #expect(try ThresholdExpression.parse("send_lag_p99<100us").limit == 100)
        #expect(try ThresholdExpression.parse("p50 <= 250 µs").limit == 250)
        #expect(try ThresholdExpression.parse("max<1s").limit == 1_000_000)
        #expect(try ThresholdExpression.parse("p90<500ns").limit == 0.5)
        #expect(ThresholdMetric.named("p90")!.format(0.5) == "500 ns")
        #expect(ThresholdMetric.named("p90")!.format(812.44) == "812.4 µs")
        #expect(ThresholdMetric.named("p90")!.format(8.284) == "8.28 µs")
        #expect(ThresholdMetric.named("p90")!.format(12000.5) == "12 ms")
        #expect(ThresholdMetric.named("errors")!.format(3) == "3")
    }

    @Test("counts and rates take k/M/G suffixes; server_us_per_msg defaults to µs")
    func numbers() throws {
        #expect(try ThresholdExpression.parse("msgs_per_s>=100000").limit == 100_000)
        #expect(try ThresholdExpression.parse("msgs_per_s>=100k").limit == 100_000)
        #expect(try ThresholdExpression.parse("msgs_per_s>1.5M").limit == 1_500_000)
        #expect(try ThresholdExpression.parse("errors==0").comparison == .equal)
        #expect(try ThresholdExpression.parse("errors!=1").comparison == .notEqual)
        #expect(try ThresholdExpression.parse("server_us_per_msg<=8").limit == 8)
        #expect(try ThresholdExpression.parse("server_us_per_msg<=8us").limit == 8)
        #expect(try ThresholdExpression.parse("server_us_per_msg<0.01ms").limit == 10)
        #expect(try ThresholdExpression.parse("compression_ratio>0.2").comparison == .greater)
    }

    @Test("a cell pattern is a regex up to the last colon")
    func cellPattern() throws {
        let t = try ThresholdExpression.parse("cell=~s16384:p99<10ms")
        #expect(t.cellPattern == "s16384")
        #expect(t.applies(toCell: "closed1-c50-s16384-binary-json-on"))
        #expect(!t.applies(toCell: "closed1-c50-s1024-binary-json-on"))
        let anchored = try ThresholdExpression.parse("cell=~(?:on)$:msgs_per_s>1k")
        #expect(anchored.cellPattern == "(?:on)$")
        #expect(anchored.applies(toCell: "closed1-c50-s20-binary-json-on"))
        #expect(!anchored.applies(toCell: "closed1-c50-s20-binary-json-on-wss"))
    }

    func fault(_ text: String) -> ThresholdSyntaxError? {
        do {
            _ = try ThresholdExpression.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("malformed thresholds name the column and what was expected")
    func faults() {
        #expect(fault("p99<5")?.column == 6)
        #expect(fault("p99<5")?.problem.contains("expected a unit") == true)
        #expect(fault("p98<5ms")?.column == 1)
        #expect(fault("p98<5ms")?.problem.contains("unknown metric 'p98'") == true)
        #expect(fault("p99=5ms")?.column == 4)
        #expect(fault("p99=5ms")?.problem.contains("expected an operator") == true)
        #expect(fault("p99<<5ms")?.column == 5)
        #expect(fault("p99<<5ms")?.problem.contains("expected a number") == true)
        #expect(fault("p99<5ks")?.problem.contains("unknown unit 'ks'") == true)
        #expect(fault("msgs_per_s>10x")?.problem.contains("unknown suffix 'x'") == true)
        #expect(fault("msgs_per_s>1..2")?.problem.contains("not a number") == true)
        #expect(fault("p99<5ms and more")?.problem.contains("unexpected") == true)
        #expect(fault("")?.problem.contains("empty") == true)
        #expect(fault("cell=~s16384 p99<5ms")?.problem.contains("expected ':'") == true)
        #expect(fault("cell=~(:p99<5ms")?.problem.contains("regular expression") == true)
        #expect(fault("cell=s1:p99<5ms")?.column == 5)
        // The description quotes the text and points at the column.
        #expect(fault("p99<5")?.description.hasSuffix("p99<5\n       ^") == true)
    }

    @Test("load refuses metrics it does not report")
    func loadMetrics() {
        #expect(throws: ThresholdSyntaxError.self) {
            try ThresholdEvaluation.parse(["p99<5ms", "server_us_per_msg<=8"], available: ReportedMetrics.loadMetrics, context: " by wsbench load")
        }
        #expect((try? ThresholdEvaluation.parse(["p99<5ms", "errors==0"], available: ReportedMetrics.loadMetrics))?.count == 2)
    }
}
