import WebSocketCore

/// Fresh masking keys for client frames: xoshiro256** seeded from the kernel's CSPRNG
/// (`getrandom`, through `SystemRandomNumberGenerator`) and reseeded from it every 2^16 draws
/// (2^17 keys).
///
/// RFC 6455 §5.3 asks for keys the server (or an intermediary) cannot predict. xoshiro256** is
/// not a cryptographic generator, but its state comes from the kernel CSPRNG and is replaced
/// before an observer could collect enough outputs to reconstruct it; each draw costs ~1 ns, and
/// one draw gives two keys.
public struct MaskingKeyGenerator {
    @usableFromInline var s0: UInt64 = 0
    @usableFromInline var s1: UInt64 = 0
    @usableFromInline var s2: UInt64 = 0
    @usableFromInline var s3: UInt64 = 0
    /// The second half of the last draw, not yet handed out.
    @usableFromInline var spare: UInt32 = 0
    @usableFromInline var hasSpare = false
    @usableFromInline var drawsUntilReseed = 0

    /// A generator seeded from the kernel.
    public init() { reseed() }

    /// Replaces the state with 256 fresh bits from the kernel's CSPRNG.
    @usableFromInline
    mutating func reseed() {
        var system = SystemRandomNumberGenerator()
        repeat {
            s0 = system.next()
            s1 = system.next()
            s2 = system.next()
            s3 = system.next()
        } while s0 | s1 | s2 | s3 == 0
        drawsUntilReseed = 1 << 16
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next64() -> UInt64 {
        if drawsUntilReseed == 0 { reseed() }
        drawsUntilReseed &-= 1
        let result = (s1 &* 5).rotatedLeft(7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// The next masking key.
    @inlinable
    public mutating func next() -> MaskingKey {
        if hasSpare {
            hasSpare = false
            return MaskingKey(packed: spare)
        }
        let bits = next64()
        spare = UInt32(truncatingIfNeeded: bits >> 32)
        hasSpare = true
        return MaskingKey(packed: UInt32(truncatingIfNeeded: bits))
    }
}

extension UInt64 {
    @inlinable
    func rotatedLeft(_ k: UInt64) -> UInt64 { (self << k) | (self >> (64 &- k)) }
}
