import Histogram

/// The counts-array layout of an HdrHistogram (the same in every implementation): which index holds
/// which value. hdrhistogram-swift keeps its counts internal; the encoder reads them back through
/// `countForValue` at each index's value, and the decoder records each count at its index's value.
struct HistogramLayout {
    let unitMagnitude: Int
    let subBucketHalfCountMagnitude: Int
    let subBucketHalfCount: Int
    let subBucketMask: UInt64
    let leadingZeroCountBase: Int

    init(lowestDiscernibleValue: UInt64, significantDigits: Int) {
        var largest: UInt64 = 2
        for _ in 0..<significantDigits { largest *= 10 }
        unitMagnitude = 63 - lowestDiscernibleValue.leadingZeroBitCount
        let subBucketCountMagnitude = 64 - (largest - 1).leadingZeroBitCount  // ceil(log2(largest))
        subBucketHalfCountMagnitude = max(subBucketCountMagnitude, 1) - 1
        subBucketHalfCount = 1 << subBucketHalfCountMagnitude
        subBucketMask = UInt64(2 * subBucketHalfCount - 1) << UInt64(unitMagnitude)
        leadingZeroCountBase = 64 - unitMagnitude - subBucketHalfCountMagnitude - 1
    }

    /// The counts index of `value`.
    func index(of value: UInt64) -> Int {
        let bucketIndex = leadingZeroCountBase - (value | subBucketMask).leadingZeroBitCount
        let subBucketIndex = Int(value >> UInt64(bucketIndex + unitMagnitude))
        return (bucketIndex + 1) << subBucketHalfCountMagnitude + (subBucketIndex - subBucketHalfCount)
    }

    /// The lowest value counted at `index`.
    func value(at index: Int) -> UInt64 {
        var bucketIndex = (index >> subBucketHalfCountMagnitude) - 1
        var subBucketIndex = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucketIndex < 0 {
            subBucketIndex -= subBucketHalfCount
            bucketIndex = 0
        }
        return UInt64(subBucketIndex) << UInt64(bucketIndex + unitMagnitude)
    }
}
