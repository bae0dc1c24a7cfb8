import Harness
import Testing

/// The interval of a cell's median across rounds: reproducible, around the median, wider with spread.
@Suite struct MedianIntervalTests {
    let steady = [100_000.0, 101_000, 99_500, 100_400, 100_900]
    let noisy = [100_000.0, 120_000, 81_000, 110_000, 90_500]

    @Test func bootstrapIsDeterministic() throws {
        let first = try #require(MedianInterval.ofMedian(noisy))
        let second = try #require(MedianInterval.ofMedian(noisy))
        #expect(first == second)
        #expect(first.method == .bootstrap95)
        #expect(MedianInterval.resamples >= 1000)
    }

    @Test func containsTheMedianAndStaysWithinTheRounds() throws {
        for values in [steady, noisy, [5.0, 7.0, 6.0], [1.0, 1.0, 1.0, 9.0]] {
            let interval = try #require(MedianInterval.ofMedian(values))
            let median = values.sorted()[values.count / 2]
            #expect(interval.lower <= median && median <= interval.upper, "\(values)")
            #expect(interval.lower >= values.min()! && interval.upper <= values.max()!, "\(values)")
        }
    }

    @Test func widensWithSpread() throws {
        let narrow = try #require(MedianInterval.ofMedian(steady))
        let wide = try #require(MedianInterval.ofMedian(noisy))
        #expect(wide.upper - wide.lower > 5 * (narrow.upper - narrow.lower))
    }

    @Test func fewerThanThreeRoundsGiveMinMax() throws {
        let two = try #require(MedianInterval.ofMedian([10.0, 12.0]))
        #expect(two == MedianInterval(lower: 10, upper: 12, method: .minMax))
        #expect(MedianInterval.ofMedian([7.0]) == MedianInterval(lower: 7, upper: 7, method: .minMax))
        #expect(MedianInterval.ofMedian([]) == nil)
    }

    @Test func overlapIsSymmetricAndInclusive() {
        let a = MedianInterval(lower: 1, upper: 3, method: .bootstrap95)
        let b = MedianInterval(lower: 3, upper: 5, method: .bootstrap95)
        let c = MedianInterval(lower: 3.5, upper: 5, method: .bootstrap95)
        #expect(a.overlaps(b) && b.overlaps(a))
        #expect(!a.overlaps(c) && !c.overlaps(a))
    }
}
