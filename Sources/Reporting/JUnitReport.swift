import BenchSupport
import Harness

/// JUnit XML (the dialect GitHub Actions test reporters, GitLab and Jenkins read): one `<testsuite>`
/// per kind of check, one `<testcase>` per threshold and cell, or per compared cell and metric; a
/// failing check carries a `<failure>` with the reason.
public struct JUnitReport: Sendable {
    /// One check.
    public struct TestCase: Sendable, Equatable {
        public var name: String
        public var className: String
        /// The reason it failed; nil when it passed.
        public var failure: String?
        /// The figures, shown by CI systems next to the verdict.
        public var output: String

        public init(name: String, className: String, failure: String?, output: String) {
            self.name = name
            self.className = className
            self.failure = failure
            self.output = output
        }
    }

    /// A named group of checks.
    public struct Suite: Sendable, Equatable {
        public var name: String
        public var cases: [TestCase]
    }

    public var suites: [Suite] = []

    public init() {}

    /// One test case per threshold and cell (`cell: p99<5ms`).
    public mutating func add(_ evaluation: ThresholdEvaluation, suite: String = "wsbench thresholds") {
        let cases = evaluation.verdicts.map { v in
            TestCase(name: "\(v.cell): \(v.threshold.text)", className: "wsbench.thresholds",
                     failure: v.isFailure ? v.explanation : nil, output: "value \(v.valueText), limit \(v.limitText): \(v.outcome.rawValue)")
        }
        suites.append(Suite(name: suite, cases: cases))
    }

    /// One test case per compared cell and metric; regressions and missing cells fail.
    public mutating func add(_ comparisons: [MetricComparison], suite: String = "wsbench compare") {
        let cases = comparisons.map { c in
            let change = c.changePercent.map { ($0 >= 0 ? "+" : "") + Format.fixed($0, 1) + "%" } ?? "-"
            let figures = "baseline \(c.baseline.map { Format.fixed($0, 2) } ?? "-"), current \(c.current.map { Format.fixed($0, 2) } ?? "-"), change \(change), limit ±\(Format.trimmed(c.limitPercent))%: \(c.verdict.rawValue)"
            let failed = c.verdict == .regression || c.verdict == .missing
            let reason = c.verdict == .missing ? "cell \(c.cell) is missing from the run" : "regression: " + figures
            return TestCase(name: "\(c.cell): \(c.metric)", className: "wsbench.compare", failure: failed ? reason : nil, output: figures)
        }
        suites.append(Suite(name: suite, cases: cases))
    }

    /// The XML document.
    public var xml: String {
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.cases.filter { $0.failure != nil }.count }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<testsuites name=\"wsbench\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for suite in suites {
            let suiteFailures = suite.cases.filter { $0.failure != nil }.count
            text += "  <testsuite name=\"\(HTMLText.escaped(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suiteFailures)\" errors=\"0\" skipped=\"0\">\n"
            for c in suite.cases {
                text += "    <testcase name=\"\(HTMLText.escaped(c.name))\" classname=\"\(HTMLText.escaped(c.className))\" time=\"0\">\n"
                if let failure = c.failure {
                    text += "      <failure message=\"\(HTMLText.escaped(failure))\" type=\"threshold\">\(HTMLText.escaped(failure))</failure>\n"
                }
                text += "      <system-out>\(HTMLText.escaped(c.output))</system-out>\n"
                text += "    </testcase>\n"
            }
            text += "  </testsuite>\n"
        }
        return text + "</testsuites>\n"
    }
}
