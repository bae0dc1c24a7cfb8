import BenchSupport
import CWebSocketSIMD
import Testing
import WebSocketCore

/// Masking (RFC 6455 §5.3): every SIMD kernel this CPU can run, and the public `Masking` API,
/// against a byte-at-a-time reference, at every length 0…130, around vector and alignment
/// boundaries, at random lengths up to 70,000, at random buffer offsets and in every key phase.
@Suite struct MaskingTests {
    /// The kernels this CPU (and OS) can run; AVX-512BW is compiled but skipped on CPUs without it.
    static let supportedKernels: [Int32] = (0..<WSB_KERNEL_COUNT).filter { wsb_kernel_supported($0) != 0 }

    /// Lengths to test: all of 0…130, each side of 32/64/128/256-byte multiples, and random ones.
    static let lengths: [Int] = {
        var random = SplitMix64(seed: 0x6D61_736B)
        var lengths = Array(0...130)
        for boundary in [160, 192, 224, 255, 256, 384, 511, 512, 1024, 4096, 16384, 65536] {
            lengths += [boundary - 1, boundary, boundary + 1]
        }
        for _ in 0..<8 { lengths.append(Int.random(in: 131...70_000, using: &random)) }
        return lengths
    }()

    @Test func selectedKernelIsTheWidestSupportedOne() {
        let widest = Self.supportedKernels.max() ?? WSB_KERNEL_PORTABLE
        #expect(Self.supportedKernels.contains(WSB_KERNEL_PORTABLE))
        #expect(wsb_selected_kernel() == widest)
        #expect(Masking.kernelName == String(cString: wsb_kernel_name(widest)))
    }

    @Test(arguments: supportedKernels)
    func kernelMasksInPlaceLikeTheReference(kernel: Int32) {
        checkEveryLengthAndPhase(seed: UInt64(kernel) &+ 1) { key, phase, region in
            wsb_mask_inplace_with(
                kernel, region.baseAddress!.assumingMemoryBound(to: UInt8.self), region.count,
                key.rotated(by: phase).packed)
        }
    }

    @Test(arguments: supportedKernels)
    func kernelMasksCopyLikeTheReference(kernel: Int32) {
        checkEveryLengthAndPhase(seed: UInt64(kernel) &+ 11, copying: true) { key, phase, source, destination in
            wsb_mask_copy_with(
                kernel, destination.assumingMemoryBound(to: UInt8.self),
                source.baseAddress!.assumingMemoryBound(to: UInt8.self), source.count,
                key.rotated(by: phase).packed)
        }
    }

    @Test func publicApplyMatchesTheReference() {
        checkEveryLengthAndPhase(seed: 21) { key, phase, region in
            Masking.apply(key, to: region, phase: phase)
        }
    }

    @Test func publicCopyMatchesTheReference() {
        checkEveryLengthAndPhase(seed: 31, copying: true) { key, phase, source, destination in
            Masking.copy(UnsafeRawBufferPointer(source), to: destination, key: key, phase: phase)
        }
    }

    @Test func maskingTwiceIsIdentity() {
        var random = SplitMix64(seed: 41)
        for length in [0, 1, 3, 20, 125, 1024, 16_411] {
            let original = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var bytes = original
            let key = MaskingKey.random(using: &random)
            let phase = Int.random(in: 0...3, using: &random)
            bytes.withUnsafeMutableBytes { Masking.apply(key, to: $0, phase: phase) }
            if length >= 4 { #expect(bytes != original) }
            bytes.withUnsafeMutableBytes { Masking.apply(key, to: $0, phase: phase) }
            #expect(bytes == original)
        }
    }

    @Test func maskingPiecesWithTheirPhaseEqualsMaskingTheWhole() {
        var random = SplitMix64(seed: 51)
        for _ in 0..<40 {
            let length = Int.random(in: 0...5_000, using: &random)
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let key = MaskingKey.random(using: &random)
            let expected = referenceMask(payload, key: key, phase: 0)

            var inPlace = payload
            var copied = [UInt8](repeating: 0, count: length)
            var offset = 0
            while offset < length {
                let piece = Int.random(in: 1...min(300, length - offset), using: &random)
                inPlace.withUnsafeMutableBytes {
                    Masking.apply(key, to: UnsafeMutableRawBufferPointer(rebasing: $0[offset..<offset + piece]), phase: offset)
                }
                payload.withUnsafeBytes { source in
                    copied.withUnsafeMutableBytes { destination in
                        Masking.copy(
                            UnsafeRawBufferPointer(rebasing: source[offset..<offset + piece]),
                            to: destination.baseAddress! + offset, key: key, phase: offset)
                    }
                }
                offset += piece
            }
            #expect(inPlace == expected)
            #expect(copied == expected)
        }
    }
}

// MARK: - Helpers

/// XORs byte `i` with key byte `(phase + i) & 3`, one byte at a time.
private func referenceMask(_ bytes: [UInt8], key: MaskingKey, phase: Int) -> [UInt8] {
    bytes.indices.map { bytes[$0] ^ key[phase + $0] }
}

/// A guard zone before and after the region under test: a kernel must not touch it.
private let guardBytes = 64

/// Runs `mask` in place on a region at a random offset 0…63 of a random buffer, for every length in
/// ``MaskingTests/lengths`` and all four key phases; checks the region against the reference and
/// that the bytes around it are untouched.
private func checkEveryLengthAndPhase(
    seed: UInt64, _ mask: (MaskingKey, Int, UnsafeMutableRawBufferPointer) -> Void
) {
    var random = SplitMix64(seed: seed)
    for length in MaskingTests.lengths {
        for phase in 0..<4 {
            let offset = Int.random(in: 0...63, using: &random)
            let key = MaskingKey.random(using: &random)
            let buffer = randomBytes(guardBytes + offset + length + guardBytes, using: &random)
            var actual = buffer
            actual.withUnsafeMutableBytes {
                mask(key, phase, UnsafeMutableRawBufferPointer(rebasing: $0[guardBytes + offset..<guardBytes + offset + length]))
            }
            let start = guardBytes + offset
            let expected = referenceMask(Array(buffer[start..<start + length]), key: key, phase: phase)
            #expect(Array(actual[start..<start + length]) == expected, "length \(length) phase \(phase) offset \(offset)")
            #expect(actual[..<start] == buffer[..<start], "bytes before the region changed (length \(length))")
            #expect(actual[(start + length)...] == buffer[(start + length)...], "bytes after the region changed (length \(length))")
        }
    }
}

/// Like the in-place variant, but `mask` reads a source region (random offset) and writes a
/// destination region (another random offset in another buffer); the source must be unchanged.
private func checkEveryLengthAndPhase(
    seed: UInt64, copying: Bool,
    _ mask: (MaskingKey, Int, UnsafeMutableRawBufferPointer, UnsafeMutableRawPointer) -> Void
) {
    var random = SplitMix64(seed: seed)
    for length in MaskingTests.lengths {
        for phase in 0..<4 {
            let sourceOffset = Int.random(in: 0...63, using: &random)
            let destinationOffset = Int.random(in: 0...63, using: &random)
            let key = MaskingKey.random(using: &random)
            var source = randomBytes(sourceOffset + length, using: &random)
            let originalSource = source
            let destinationBefore = randomBytes(guardBytes + destinationOffset + length + guardBytes, using: &random)
            var destination = destinationBefore
            let start = guardBytes + destinationOffset
            source.withUnsafeMutableBytes { src in
                destination.withUnsafeMutableBytes { dst in
                    mask(key, phase, UnsafeMutableRawBufferPointer(rebasing: src[sourceOffset...]), dst.baseAddress! + start)
                }
            }
            let expected = referenceMask(Array(source[sourceOffset...]), key: key, phase: phase)
            #expect(source == originalSource)
            #expect(Array(destination[start..<start + length]) == expected, "length \(length) phase \(phase)")
            #expect(destination[..<start] == destinationBefore[..<start], "bytes before the destination changed (length \(length))")
            #expect(
                destination[(start + length)...] == destinationBefore[(start + length)...],
                "bytes after the destination changed (length \(length))")
        }
    }
}

private func randomBytes(_ count: Int, using random: inout SplitMix64) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { raw in
        var i = 0
        while i + 8 <= count {
            raw.storeBytes(of: random.next(), toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            raw[i] = UInt8(truncatingIfNeeded: random.next())
            i += 1
        }
    }
    return bytes
}

extension MaskingKey {
    fileprivate static func random(using random: inout SplitMix64) -> MaskingKey {
        MaskingKey(packed: UInt32(truncatingIfNeeded: random.next()))
    }
}
