import CWebSocketSIMD

/// Masking and unmasking of payload bytes (RFC 6455 §5.3): XOR with a repeating 4-byte key.
///
/// `phase` is the number of payload bytes of the same frame that precede `buffer`, so a payload
/// that arrives over several reads unmasks correctly piece by piece.
public enum Masking {
    /// XORs `buffer` in place with `key`, starting at key byte `phase & 3`.
    @inlinable
    public static func apply(
        _ key: MaskingKey, to buffer: UnsafeMutableRawBufferPointer, phase: Int = 0
    ) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        wsb_mask_inplace(base.assumingMemoryBound(to: UInt8.self), buffer.count, key.rotated(by: phase).packed)
    }

    /// Writes `source` XORed with `key` (starting at key byte `phase & 3`) to `destination`.
    /// `destination` must be at least `source.count` bytes and must not overlap `source`.
    @inlinable
    public static func copy(
        _ source: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer,
        key: MaskingKey, phase: Int = 0
    ) {
        guard let src = source.baseAddress, source.count > 0 else { return }
        wsb_mask_copy(
            destination.assumingMemoryBound(to: UInt8.self), src.assumingMemoryBound(to: UInt8.self),
            source.count, key.rotated(by: phase).packed)
    }

    /// The name of the kernel chosen for this CPU at run time: "avx512bw", "avx2", "sse2" (x86-64
    /// baseline) or "portable" (8-byte words, off x86-64).
    public static var kernelName: String { String(cString: wsb_simd_kernel_name()) }
}
