import BenchSupport
import Testing

@Suite struct CPUListTests {
    @Test func parsesNumbersSeparatedByCommas() throws {
        #expect(try CPUList.parse("0") == [0])
        #expect(try CPUList.parse("0,1") == [0, 1])
        #expect(try CPUList.parse(" 3 , 1 ") == [3, 1], "spaces around a number are ignored")
    }

    @Test func emptyTextMeansNoPinning() throws {
        #expect(try CPUList.parse("") == [])
        #expect(try CPUList.parse("  ") == [])
    }

    @Test func rejectsWhatIsNotACPUNumber() {
        for text in ["x", "0,x", "0,,1", "-1", "0-3", "1.5", "0,"] {
            #expect(throws: CPUListError.self, "\(text)") { try CPUList.parse(text) }
        }
    }

    @Test func errorNamesTheBadField() {
        do {
            _ = try CPUList.parse("0,two")
            Issue.record("parsed")
        } catch {
            #expect(error.field == "two")
            #expect(error.description.contains("\"two\" in \"0,two\" is not a CPU number"))
        }
    }
}
