import BenchSupport
import Harness
import Testing
@testable import Reporting

#if canImport(Glibc)
import Glibc
#endif

@Suite("JUnit XML and Markdown verdicts")
struct JUnitReportTests {
    func sample() throws -> JUnitReport {
        let evaluation = ThresholdEvaluation(
            thresholds: try ThresholdEvaluation.parse(["p99<5ms", "msgs_per_s>=100k", "cell=~\"&'x:errors==0"]),
            cells: [ReportedMetrics(cell: "c<1>&\"q\"", values: ["p99": 812, "msgs_per_s": 90_000, "errors": 0])])
        let base = CSVTable(text: "cell,msgs_per_s,p99_us,server_us_per_msg\na,100000,800,8\nb,100000,800,8\n")
        let current = CSVTable(text: "cell,msgs_per_s,p99_us,server_us_per_msg\na,50000,800,8.1\n")
        var report = JUnitReport()
        report.add(evaluation)
        report.add(Comparison.compare(baseline: base, current: current, thresholds: RegressionThresholds()))
        return report
    }

    @Test("escapes markup in names and messages")
    func escaping() {
        #expect(HTMLText.escaped("p99<5ms & \"x\" 'y' >") == "p99&lt;5ms &amp; &quot;x&quot; &apos;y&apos; &gt;")
        #expect(HTMLText.escaped("a\u{1}b") == "ab")
    }

    /// Python's xml.etree reads the document: suites, cases and failures are where they should be.
    @Test("Python's XML parser reads the document and finds every case and failure")
    func parsedByPython() throws {
        let directory = try TemporaryDirectory(prefix: "junit")
        defer { directory.remove() }
        let file = directory.path + "/junit.xml"
        try FileSystem.write(try sample().xml, to: file)
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == 'testsuites', root.tag
            out = [root.get('tests'), root.get('failures')]
            for suite in root.findall('testsuite'):
                cases = suite.findall('testcase')
                assert int(suite.get('tests')) == len(cases)
                out.append(suite.get('name') + '=' + str(len(cases)) + '/' + str(len([c for c in cases if c.find('failure') is not None])))
                for c in cases:
                    if c.find('failure') is not None: out.append('F:' + c.get('name'))
            print(';'.join(out))
            """
        try FileSystem.write(script, to: directory.path + "/check.py")
        let output = ShellCommand.firstLine(of: "python3 \(directory.path)/check.py \(file) 2>&1")
        // 3 threshold cases (msgs_per_s fails; the pattern matches no cell) and 4 compare cases
        // (a: msgs_per_s regression, p99 ok, server CPU ok; b missing).
        #expect(output == "7;4;wsbench thresholds=3/2;F:c<1>&\"q\": msgs_per_s>=100k;F:*: cell=~\"&'x:errors==0;wsbench compare=4/2;F:a: msgs_per_s;F:b: cell")
    }

    @Test("the Markdown summary says failed and escapes table cells")
    func markdown() throws {
        let evaluation = ThresholdEvaluation(thresholds: try ThresholdEvaluation.parse(["p99<5ms"]),
                                             cells: [ReportedMetrics(cell: "a|b", values: ["p99": 6000])])
        let summary = MarkdownSummary(title: "wsbench load", thresholds: evaluation)
        #expect(summary.fails)
        #expect(summary.markdown.hasPrefix("## wsbench load: ❌ failed"))
        #expect(summary.markdown.contains("| `p99<5ms` | a\\|b | 6 ms | &lt; 5 ms | ❌ FAIL |"))
        let passing = MarkdownSummary(title: "t", thresholds: ThresholdEvaluation(thresholds: try ThresholdEvaluation.parse(["p99<7ms"]), cells: [ReportedMetrics(cell: "a", values: ["p99": 6000])]))
        #expect(passing.markdown.hasPrefix("## t: ✅ passed"))
    }
}
