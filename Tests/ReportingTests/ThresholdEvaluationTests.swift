import BenchSupport
import Testing
@testable import Reporting

@Suite("Threshold verdicts")
struct ThresholdEvaluationTests {
    static let summary = CSVTable(text: """
        cell,msgs_per_s,p99_us,p99_9_us,errors,server_us_per_msg,send_lag_p99_us
        closed1-c50-s20-binary-json-off,123618,778.8,4616.2,0,8.28,
        closed1-c50-s16384-binary-json-on,20000,12000.5,30000,2,30.1,
        open5000-c50-s20-binary-json-off,5000,300,900,0,9.5,40.2
        """)

    func evaluate(_ thresholds: [String]) throws -> ThresholdEvaluation {
        ThresholdEvaluation(thresholds: try ThresholdEvaluation.parse(thresholds), cells: ReportedMetrics.cells(of: Self.summary))
    }

    @Test("one verdict per threshold and cell, pass and fail by value")
    func perCell() throws {
        let e = try evaluate(["p99<5ms", "errors==0"])
        #expect(e.verdicts.count == 6)
        #expect(e.failures.map(\.cell) == ["closed1-c50-s16384-binary-json-on", "closed1-c50-s16384-binary-json-on"])
        #expect(e.failures.first?.value == 12000.5)
        #expect(e.failures.first?.explanation == "p99 = 12 ms, limit < 5 ms")
        #expect(e.fails)
    }

    @Test("a cell pattern narrows the cells; a pattern matching nothing fails")
    func patterns() throws {
        let e = try evaluate(["cell=~s16384:p99<20ms", "cell=~s20-:msgs_per_s>=100k"])
        #expect(e.verdicts.map(\.outcome) == [.passed, .passed, .failed])
        #expect(e.verdicts[2].cell == "open5000-c50-s20-binary-json-off")
        let none = try evaluate(["cell=~s65536:p99<20ms"])
        #expect(none.verdicts.count == 1)
        #expect(none.verdicts[0].outcome == .noValue)
        #expect(none.fails)
    }

    @Test("cells without the metric are skipped; no value anywhere fails")
    func missing() throws {
        let lag = try evaluate(["send_lag_p99<100us"])
        #expect(lag.verdicts.count == 1)
        #expect(lag.verdicts[0].cell == "open5000-c50-s20-binary-json-off")
        #expect(!lag.fails)
        let cpu = ThresholdEvaluation(thresholds: try ThresholdEvaluation.parse(["server_us_per_msg<=8"]),
                                      cells: [ReportedMetrics(cell: "load", values: ["p99": 10])])
        #expect(cpu.verdicts.map(\.outcome) == [.noValue])
    }

    @Test("the table lists every verdict")
    func table() throws {
        let e = try evaluate(["server_us_per_msg<=8.5"])
        let lines = e.table.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].contains("8.28 µs") && lines[1].hasSuffix("pass"))
        #expect(lines[2].contains("30.1 µs") && lines[2].hasSuffix("FAIL"))
    }
}
