/// How to cut a byte stream into reads (or a payload into pieces), chosen by one input byte so that
/// libFuzzer explores the splits along with the bytes: every byte alone, a fixed size, or
/// pseudo-random sizes up to a small or a larger bound. Sizes are never zero (a read that returns
/// data returns at least one byte).
public struct ChunkPattern: CustomStringConvertible {
    /// The byte the pattern was made from.
    public let seed: UInt8

    /// Creates the pattern that `seed` selects.
    public init(seed: UInt8) { self.seed = seed }

    /// Sizes (each ≥ 1) that add up to `count`; empty when `count` is 0.
    public func sizes(covering count: Int) -> [Int] {
        var sizes: [Int] = []
        var state = UInt32(seed) &* 0x9E37_79B9 | 1
        var total = 0
        while total < count {
            let size: Int
            switch seed & 3 {
            case 0: size = 1
            case 1: size = Int(seed >> 2) + 1
            case 2: size = Int(Self.next(&state) % 16) + 1
            default: size = Int(Self.next(&state) % (UInt32(seed >> 2) * 8 + 8)) + 1
            }
            let taken = min(size, count - total)
            sizes.append(taken)
            total += taken
        }
        return sizes
    }

    /// xorshift32: enough to vary the sizes, and the same for the same seed.
    private static func next(_ state: inout UInt32) -> UInt32 {
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return state
    }

    public var description: String {
        switch seed & 3 {
        case 0: return "1-byte pieces"
        case 1: return "\(Int(seed >> 2) + 1)-byte pieces"
        case 2: return "random 1…16-byte pieces (seed \(seed))"
        default: return "random 1…\(Int(seed >> 2) * 8 + 8)-byte pieces (seed \(seed))"
        }
    }
}
