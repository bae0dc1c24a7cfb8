/// The 4-byte masking key of a client frame (RFC 6455 §5.3).
///
/// Stored as the four key bytes in wire order packed into a `UInt32` in memory order, so that on a
/// little-endian machine `key.packed` XORed with a 4-byte load of payload bytes masks them.
public struct MaskingKey: Hashable, Sendable {
    /// The key bytes as they appear on the wire, loaded as a native `UInt32` from memory.
    public var packed: UInt32

    /// Creates a key from its bytes in wire order.
    @inlinable
    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        packed = UInt32(b0) | UInt32(b1) << 8 | UInt32(b2) << 16 | UInt32(b3) << 24
    }

    /// Creates a key from its in-memory representation (four wire bytes loaded as a native `UInt32`).
    @inlinable
    public init(packed: UInt32) { self.packed = packed }

    /// The key byte at wire index `i & 3`.
    @inlinable
    public subscript(i: Int) -> UInt8 { UInt8(truncatingIfNeeded: packed >> UInt32((i & 3) &* 8)) }

    /// The key as seen by a payload that starts `phase` bytes into the masked stream:
    /// the packed value rotated so that byte 0 is key byte `phase & 3`.
    @inlinable
    public func rotated(by phase: Int) -> MaskingKey {
        let shift = UInt32((phase & 3) &* 8)
        return shift == 0 ? self : MaskingKey(packed: packed >> shift | packed << (32 &- shift))
    }
}
