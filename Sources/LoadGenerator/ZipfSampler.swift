import BenchSupport
import Glibc

/// Draws indices 0..<count with Zipf-like frequencies (weight 1 / (rank + 1)^exponent): a few
/// symbols, words or users are very common and most are rare, as in real streams.
struct ZipfSampler {
    private let cumulative: [Double]

    /// A sampler over `count` ranks.
    init(count: Int, exponent: Double = 1.0) {
        precondition(count > 0)
        var total = 0.0
        var sums: [Double] = []
        sums.reserveCapacity(count)
        for rank in 0..<count {
            total += 1 / Glibc.pow(Double(rank + 1), exponent)
            sums.append(total)
        }
        cumulative = sums.map { $0 / total }
    }

    /// The next index.
    func next(_ random: inout SplitMix64) -> Int {
        let u = Double.random(in: 0..<1, using: &random)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
