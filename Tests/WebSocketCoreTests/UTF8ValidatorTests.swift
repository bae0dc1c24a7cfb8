import BenchSupport
import CWebSocketSIMD
import Testing
import WebSocketCore

/// UTF-8 validation: agrees with the standard library on random and adversarial input, fed whole or
/// in random chunks, and reports the index of the first invalid byte; the SIMD ASCII scan (every
/// kernel this CPU can run) finds the first non-ASCII byte exactly.
@Suite struct UTF8ValidatorTests {
    @Test func acceptsValidTextOfEveryLength() {
        let samples = ["", "a", "hello", "é", "€", "𝄞", "héllo wörld €100 𝄞 日本語", String(repeating: "ü", count: 300)]
        for sample in samples {
            let bytes = Array(sample.utf8)
            let result = validate(bytes, chunks: [bytes.count])
            #expect(result.valid, "\(sample)")
            #expect(result.offset == nil)
        }
    }

    @Test func rejectsAdversarialSequencesAtTheirFirstInvalidByte() {
        // (bytes, index of the first invalid byte; bytes.count = truncated at the end)
        let cases: [([UInt8], Int)] = [
            ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0),  // overlong 2-byte
            ([0xE0, 0x80, 0x80], 1), ([0xE0, 0x9F, 0xBF], 1),  // overlong 3-byte
            ([0xF0, 0x80, 0x80, 0x80], 1), ([0xF0, 0x8F, 0xBF, 0xBF], 1),  // overlong 4-byte
            ([0xED, 0xA0, 0x80], 1), ([0xED, 0xBF, 0xBF], 1), ([0xED, 0xAF, 0xBF, 0xED, 0xB0, 0x80], 1),  // surrogates
            ([0xF4, 0x90, 0x80, 0x80], 1), ([0xF4, 0xBF, 0xBF, 0xBF], 1),  // above U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 0), ([0xF8], 0), ([0xFC], 0), ([0xFE], 0), ([0xFF], 0),
            ([0x80], 0), ([0xBF], 0), ([0x41, 0x80], 1), ([0xC3, 0xA9, 0xA9], 2),  // lone continuation bytes
            ([0xC3], 1), ([0xE2, 0x82], 2), ([0xF0, 0x9F, 0x98], 3), ([0x41, 0xF0], 2),  // truncated at the end
            ([0xC3, 0x41], 1), ([0xE2, 0x41, 0x82], 1), ([0xE2, 0x82, 0x41], 2), ([0xF0, 0x9F, 0x98, 0x41], 3),
        ]
        for (bytes, firstInvalid) in cases {
            #expect(String(validating: bytes, as: UTF8.self) == nil)
            #expect(referenceFirstInvalidOffset(bytes) == firstInvalid, "reference disagrees on \(bytes)")
            for chunks in [[bytes.count], Array(repeating: 1, count: bytes.count)] {
                let result = validate(bytes, chunks: chunks)
                #expect(!result.valid, "\(bytes)")
                #expect(result.offset == firstInvalid, "\(bytes) in chunks \(chunks)")
            }
        }
        // The largest and smallest of each form are valid.
        for bytes: [UInt8] in [[0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
                               [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF]] {
            #expect(validate(bytes, chunks: [bytes.count]).valid, "\(bytes)")
        }
    }

    @Test func rejectsAdversarialSequencesInsideLongMultiByteText() {
        // Long enough on both sides for the block-wise SIMD validator, with the bad bytes at
        // every position relative to its 32-byte blocks.
        let cases: [[UInt8]] = [
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
            [0xF5, 0x80, 0x80, 0x80], [0xF8], [0xFF], [0x80], [0xBF], [0xC3, 0xA9, 0xA9], [0xC3], [0xE2, 0x82],
            [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x41, 0x82], [0xF0, 0x9F, 0x98, 0x41],
            [0xF0, 0x9F, 0x98, 0x80, 0x80],
        ]
        var random = SplitMix64(seed: 4)
        let suffix = Array(String(repeating: "€ab𝄞", count: 20).utf8)
        for bad in cases {
            for prefixLength in 60...100 {
                // "é…" then ASCII to reach exactly `prefixLength` bytes.
                let prefix = Array(String(repeating: "é", count: prefixLength / 4).utf8)
                    + [UInt8](repeating: 0x61, count: prefixLength - 2 * (prefixLength / 4))
                let bytes = prefix + bad + suffix
                let expected = referenceFirstInvalidOffset(bytes)
                #expect(expected != nil && expected! >= prefixLength && expected! <= prefixLength + bad.count)
                let result = validate(bytes, chunks: [bytes.count])
                #expect(!result.valid)
                #expect(result.offset == expected, "\(bad) after \(prefixLength) bytes")
                let chunked = validate(bytes, chunks: randomChunks(bytes.count, maximum: 200, using: &random))
                #expect(chunked.offset == expected, "\(bad) after \(prefixLength) bytes, chunked")
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnLongCorruptedText() {
        var random = SplitMix64(seed: 5)
        for round in 0..<150 {
            var bytes = randomValidText(scalars: Int.random(in: 20...1_500, using: &random), using: &random)
            if round % 5 != 0 {  // one in five stays valid
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] = UInt8.random(in: 0x80...0xFF, using: &random)
            }
            checkAgainstReference(bytes, maximumChunk: 600, using: &random)
        }
    }

    @Test func blockKernelsReturnAValidPrefixEndingOnACharacterBoundary() {
        let kernels = (0..<WSB_KERNEL_COUNT).filter { wsb_kernel_supported($0) != 0 }
        var random = SplitMix64(seed: 6)
        for round in 0..<200 {
            var bytes = randomValidText(scalars: Int.random(in: 0...400, using: &random), using: &random)
            if round % 2 == 1 && !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0x80...0xFF, using: &random)
            }
            let firstInvalid = referenceFirstInvalidOffset(bytes)
            bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
                for kernel in kernels {
                    let length = wsb_utf8_valid_prefix_length_with(kernel, start, bytes.count)
                    #expect(length <= bytes.count)
                    #expect(String(validating: bytes[..<length], as: UTF8.self) != nil, "kernel \(kernel) round \(round)")
                    #expect(length <= firstInvalid ?? bytes.count)
                    if kernel >= WSB_KERNEL_AVX2 {
                        // Stops at most one block (32 bytes) and a split character (3 bytes) short;
                        // valid input of 64 bytes or more is taken whole.
                        let validEnd = min(firstInvalid ?? bytes.count, bytes.count)
                        #expect(length + 35 >= validEnd - validEnd % 32, "kernel \(kernel) round \(round)")
                        if firstInvalid == nil && bytes.count >= 64 {
                            #expect(length == bytes.count, "kernel \(kernel) round \(round)")
                        }
                    } else {
                        #expect(length == 0)
                    }
                }
            }
        }
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var random = SplitMix64(seed: 1)
        for _ in 0..<600 {
            let count = Int.random(in: 0...80, using: &random)
            // Mostly ASCII with some high bytes, so that inputs are sometimes valid and fail at varied depths.
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<4, using: &random) == 0
                    ? UInt8.random(in: 0x80...0xFF, using: &random) : UInt8.random(in: 0...0x7F, using: &random)
            }
            checkAgainstReference(bytes, using: &random)
        }
    }

    @Test func agreesWithTheStandardLibraryOnCorruptedValidText() {
        var random = SplitMix64(seed: 2)
        for _ in 0..<400 {
            var bytes = randomValidText(scalars: Int.random(in: 0...120, using: &random), using: &random)
            #expect(validate(bytes, chunks: randomChunks(bytes.count, using: &random)).valid)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0x80...0xFF, using: &random), at: index)
                }
            }
            checkAgainstReference(bytes, using: &random)
        }
    }

    @Test func acceptsCharactersSplitAcrossChunksAtEveryPosition() {
        let bytes = Array("aé€𝄞b\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}z".utf8)
        for split in 0...bytes.count {
            #expect(validate(bytes, chunks: [split, bytes.count - split]).valid, "split at \(split)")
            for second in split...bytes.count {
                let result = validate(bytes, chunks: [split, second - split, bytes.count - second])
                #expect(result.valid, "split at \(split) and \(second)")
            }
        }
        #expect(validate(bytes, chunks: Array(repeating: 1, count: bytes.count)).valid)
    }

    @Test func rejectsInvalidBytesSplitAcrossChunksAtEveryPosition() {
        // A truncated 3-byte character, a surrogate, an overlong form and a lone continuation byte.
        let bytes: [UInt8] = Array("ab€".utf8) + [0xE2, 0x82, 0x41] + Array("cd".utf8) + [0xED, 0xA0, 0x80, 0xC0, 0x80]
        let firstInvalid = 7
        #expect(referenceFirstInvalidOffset(bytes) == firstInvalid)
        for split in 0...bytes.count {
            let result = validate(bytes, chunks: [split, bytes.count - split])
            #expect(!result.valid)
            #expect(result.offset == firstInvalid, "split at \(split)")
        }
    }

    @Test func reportsTheExactOffsetAfterAnASCIIRunOfEveryLength() {
        // Runs long enough to go through the word loop and the SIMD scan, at several buffer alignments.
        for invalid: [UInt8] in [[0xFF], [0x80], [0xC0, 0x80], [0xED, 0xA0, 0x80]] {
            for runLength in 0...200 {
                for alignment in [0, 1, 7] {
                    let bytes =
                        [UInt8](repeating: 0x61, count: alignment) + [UInt8](repeating: 0x41, count: runLength) + invalid
                        + [UInt8](repeating: 0x42, count: 100)
                    let expected = alignment + runLength + (invalid.count == 3 ? 1 : 0)
                    let result = validate(bytes, chunks: [bytes.count])
                    #expect(!result.valid)
                    #expect(result.offset == expected, "run \(runLength) alignment \(alignment) then \(invalid)")
                }
            }
        }
        for runLength in [4_095, 4_096, 4_097, 65_535, 65_536, 65_537] {
            let bytes = [UInt8](repeating: 0x41, count: runLength) + [0xF5] + [UInt8](repeating: 0x41, count: 40)
            #expect(validate(bytes, chunks: [bytes.count]).offset == runLength)
            #expect(validate(bytes, chunks: [runLength / 2, bytes.count - runLength / 2]).offset == runLength)
        }
    }

    @Test func countsValidatedBytesAndResets() {
        var validator = UTF8Validator()
        let text = Array("héllo €".utf8)
        let split = 2  // inside "é"
        let (firstHalf, secondHalf) = text.withUnsafeBytes { raw in
            let first = validator.validate(UnsafeRawBufferPointer(rebasing: raw[..<split]))
            #expect(!validator.isAtCharacterBoundary)
            return (first, validator.validate(UnsafeRawBufferPointer(rebasing: raw[split...])))
        }
        #expect(firstHalf && secondHalf)
        #expect(validator.isAtCharacterBoundary)
        #expect(validator.validatedCount == text.count)
        let finished = validator.finish()
        #expect(finished)

        let bad: [UInt8] = [0x41, 0xFF, 0x41]
        let badAccepted = bad.withUnsafeBytes { validator.validate($0) }
        #expect(!badAccepted)
        #expect(validator.invalidByteOffset == text.count + 1)
        let acceptedAfterFailure = text.withUnsafeBytes { validator.validate($0) }  // stays failed
        #expect(!acceptedAfterFailure)
        let finishedAfterFailure = validator.finish()
        #expect(!finishedAfterFailure)

        validator.reset()
        #expect(validator.invalidByteOffset == nil)
        #expect(validator.validatedCount == 0)
        let acceptedAfterReset = text.withUnsafeBytes { validator.validate($0) }
        #expect(acceptedAfterReset)
        let finishedAfterReset = validator.finish()
        #expect(finishedAfterReset)
    }

    @Test func everyASCIIScanKernelFindsTheFirstNonASCIIByte() {
        let kernels = (0..<WSB_KERNEL_COUNT).filter { wsb_kernel_supported($0) != 0 }
        var random = SplitMix64(seed: 3)
        var lengths = Array(0...300)
        for _ in 0..<20 { lengths.append(Int.random(in: 301...70_000, using: &random)) }
        for length in lengths {
            let offset = Int.random(in: 0...63, using: &random)
            var bytes = randomASCII(offset + length, using: &random)
            // Either all ASCII, or one or two high bytes at random places.
            var expected = length
            if length > 0 && Int.random(in: 0..<4, using: &random) != 0 {
                for _ in 0..<Int.random(in: 1...2, using: &random) {
                    let index = Int.random(in: 0..<length, using: &random)
                    bytes[offset + index] = UInt8.random(in: 0x80...0xFF, using: &random)
                    expected = min(expected, index)
                }
            }
            bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset
                for kernel in kernels {
                    #expect(wsb_ascii_prefix_length_with(kernel, start, length) == expected, "kernel \(kernel) length \(length)")
                }
                #expect(wsb_ascii_prefix_length(start, length) == expected)
            }
        }
    }
}

// MARK: - Helpers

/// Feeds `bytes` to a fresh validator in chunks of the given sizes (the rest, if any, as a last
/// chunk), then finishes; returns whether all passed and the recorded offset of the first invalid byte.
private func validate(_ bytes: [UInt8], chunks: [Int]) -> (valid: Bool, offset: Int?) {
    var validator = UTF8Validator()
    var valid = true
    bytes.withUnsafeBytes { raw in
        var start = 0
        for size in chunks + [bytes.count] where valid && start <= bytes.count {
            let end = min(start + size, bytes.count)
            valid = validator.validate(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
            start = end
            if start == bytes.count { break }
        }
    }
    if valid { valid = validator.finish() }
    return (valid, validator.invalidByteOffset)
}

/// Validates `bytes` whole and in random chunks; both must agree with `String(validating:)` and
/// report the reference offset of the first invalid byte.
private func checkAgainstReference(
    _ bytes: [UInt8], maximumChunk: Int = 40, using random: inout SplitMix64
) {
    let expectedValid = String(validating: bytes, as: UTF8.self) != nil
    let expectedOffset = referenceFirstInvalidOffset(bytes)
    #expect((expectedOffset == nil) == expectedValid, "reference disagrees with itself on \(bytes)")
    for chunks in [[bytes.count], randomChunks(bytes.count, maximum: maximumChunk, using: &random)] {
        let result = validate(bytes, chunks: chunks)
        #expect(result.valid == expectedValid, "\(bytes) in chunks \(chunks)")
        #expect(result.offset == expectedOffset, "\(bytes) in chunks \(chunks)")
    }
}

/// The index of the first byte that cannot continue a valid UTF-8 prefix (`bytes.count` when the
/// input ends inside a character), or `nil` if `bytes` is valid. Built on the standard library's
/// parser, whose error length is the "maximal subpart" of the ill-formed sequence (Unicode §3.9):
/// the bytes that still formed a valid prefix when the bad byte arrived (none for an invalid lead).
private func referenceFirstInvalidOffset(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var position = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar):
            position += scalar.count
        case .emptyInput:
            return nil
        case .error(let length):
            let validLead = (0xC2...0xF4).contains(bytes[position])
            return validLead ? position + length : position
        }
    }
}

/// Chunk sizes 0…`maximum` (empty chunks included) covering `count` bytes.
private func randomChunks(_ count: Int, maximum: Int = 40, using random: inout SplitMix64) -> [Int] {
    var chunks: [Int] = []
    var total = 0
    while total < count {
        let size = Int.random(in: 0...maximum, using: &random)
        chunks.append(size)
        total += size
    }
    return chunks
}

/// Valid UTF-8 with 1-, 2-, 3- and 4-byte characters in roughly equal numbers (no surrogates).
private func randomValidText(scalars: Int, using random: inout SplitMix64) -> [UInt8] {
    var bytes: [UInt8] = []
    for _ in 0..<scalars {
        let value: UInt32
        switch Int.random(in: 0..<4, using: &random) {
        case 0: value = UInt32.random(in: 0...0x7F, using: &random)
        case 1: value = UInt32.random(in: 0x80...0x7FF, using: &random)
        case 2: value = Bool.random(using: &random) ? UInt32.random(in: 0x800...0xD7FF, using: &random) : UInt32.random(in: 0xE000...0xFFFF, using: &random)
        default: value = UInt32.random(in: 0x1_0000...0x10_FFFF, using: &random)
        }
        bytes += Array(String(Unicode.Scalar(value)!).utf8)
    }
    return bytes
}

/// `count` random ASCII bytes, eight per random number (this runs in debug builds).
private func randomASCII(_ count: Int, using random: inout SplitMix64) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { raw in
        var i = 0
        while i + 8 <= count {
            raw.storeBytes(of: random.next() & 0x7F7F_7F7F_7F7F_7F7F, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            raw[i] = UInt8(truncatingIfNeeded: random.next()) & 0x7F
            i += 1
        }
    }
    return bytes
}
