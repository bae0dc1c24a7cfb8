import BenchSupport
import Testing

@Suite struct FormatTests {
    @Test func roundsToFixedDecimals() {
        #expect(Format.fixed(1.005, 1) == "1.0")
        #expect(Format.fixed(2.5, 0) == "3")
        #expect(Format.fixed(-0.04, 1) == "0.0", "no negative zero")
        #expect(Format.fixed(-1.25, 2) == "-1.25")
        #expect(Format.fixed(.infinity, 2) == "inf")
    }

    @Test func namesUnits() {
        #expect(Format.bytes(512) == "512 B")
        #expect(Format.bytes(3584) == "3.5 KiB")
        #expect(Format.duration(1500) == "1.5 µs")
        #expect(Format.duration(2_500_000) == "2.50 ms")
        #expect(Format.trimmed(99.9) == "99.9")
        #expect(Format.trimmed(50) == "50")
    }
}
