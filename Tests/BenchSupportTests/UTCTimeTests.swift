import BenchSupport
import Testing

@Suite struct UTCTimeTests {
    @Test func formatsTheEpochAndKnownDates() {
        #expect(UTCTime(unixSeconds: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(UTCTime(unixSeconds: 1_763_697_600).iso8601 == "2025-11-21T04:00:00Z")
        #expect(UTCTime(unixSeconds: 951_782_400).iso8601 == "2000-02-29T00:00:00Z", "leap day of a 400-year leap year")
        #expect(UTCTime(unixSeconds: 4_102_444_799).compact == "20991231-235959")
    }

    @Test func dropsFractionsOfASecond() {
        #expect(UTCTime(unixSeconds: 59.999).second == 59)
        #expect(UTCTime(unixSeconds: -0.5).iso8601 == "1969-12-31T23:59:59Z", "before the epoch rounds down, not toward zero")
    }

    @Test func compactStampsSortInTimeOrder() {
        let stamps = [0.0, 86_399, 86_400, 1_000_000_000, 1_763_697_600].map { UTCTime(unixSeconds: $0).compact }
        #expect(stamps == stamps.sorted())
    }
}
