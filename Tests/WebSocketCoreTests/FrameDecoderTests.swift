import BenchSupport
import Testing
import WebSocketCore

/// The decoder must give the same frames and payloads however the stream is cut into reads.
@Suite struct FrameDecoderTests {
    /// A stream of assorted masked frames: every length encoding, control frames between fragments.
    func sampleStream(key seed: UInt64) -> (wire: [UInt8], expected: [Seen]) {
        var rng = SplitMix64(seed: seed)
        var wire: [UInt8] = []
        var expected: [Seen] = []
        func key() -> MaskingKey { MaskingKey(packed: UInt32.random(in: .min ... .max, using: &rng)) }
        func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        for length in [0, 1, 5, 125, 126, 127, 300, 0xFFFF, 0x10000, 70_000] {
            let p = bytes(length)
            wire += frame(.binary, p, key: key())
            expected.append(.message(.binary, p, compressed: false))
        }
        let text = Array("Grüße, 世界! 🎉 — fragmented".utf8)
        wire += frame(.text, Array(text[0..<5]), fin: false, key: key())
        wire += frame(.ping, Array("are you there".utf8), key: key())
        wire += frame(.continuation, Array(text[5..<16]), fin: false, key: key())
        wire += frame(.pong, [], key: key())
        wire += frame(.continuation, Array(text[16...]), key: key())
        expected += [.ping(Array("are you there".utf8)), .pong([]), .message(.text, text, compressed: false)]
        wire += frame(.text, [], key: key())
        expected.append(.message(.text, [], compressed: false))
        var close = [UInt8](repeating: 0, count: 125)
        let closeFrame = CloseFrame(code: .goingAway, reason: "bye")
        let n = close.withUnsafeMutableBytes { closeFrame.encodePayload(into: $0.baseAddress!) }
        wire += frame(.close, Array(close.prefix(n)), key: key())
        expected.append(.close(closeFrame))
        return (wire, expected)
    }

    @Test func wholeStreamAtOnce() {
        let (wire, expected) = sampleStream(key: 1)
        #expect(readMessages(wire) == expected)
    }

    @Test func oneByteAtATime() {
        let (wire, expected) = sampleStream(key: 2)
        #expect(readMessages(wire, reads: Array(repeating: 1, count: wire.count)) == expected)
    }

    @Test func everySplitPointOfTheSmallFrames() {
        // Small frames only, so that all two-way cuts stay cheap in a debug build.
        var wire: [UInt8] = []
        var expected: [Seen] = []
        for (i, length) in [0, 3, 125, 126, 200].enumerated() {
            let p = (0..<length).map { UInt8(truncatingIfNeeded: $0 &+ i) }
            wire += frame(.binary, p, key: MaskingKey(1, 2, UInt8(i), 4))
            expected.append(.message(.binary, p, compressed: false))
        }
        wire += frame(.ping, [9, 9], key: testKey)
        expected.append(.ping([9, 9]))
        for cut in 0...wire.count {
            #expect(readMessages(wire, reads: [cut]) == expected, "cut at \(cut)")
        }
    }

    @Test(arguments: 3..<11 as Range<UInt64>)
    func randomReadSizes(seed: UInt64) {
        let (wire, expected) = sampleStream(key: seed)
        var rng = SplitMix64(seed: seed &* 7919)
        var reads: [Int] = []
        var total = 0
        while total < wire.count {
            // Mostly small reads, sometimes large ones, to cut headers and payloads everywhere.
            let n = Bool.random(using: &rng) ? Int.random(in: 1...20, using: &rng) : Int.random(in: 1...9000, using: &rng)
            reads.append(n)
            total += n
        }
        #expect(readMessages(wire, reads: reads) == expected)
    }

    @Test func piecesCarryFrameOffsetsAndUnmaskAcrossReads() {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        var wire = frame(.binary, payload, key: MaskingKey(0xA1, 0xB2, 0xC3, 0xD4))
        var decoder = FrameDecoder(rules: FrameRules(role: .server))
        var gathered: [UInt8] = []
        var offsets: [Int] = []
        var ends: [Bool] = []
        wire.withUnsafeMutableBytes { all in
            // Reads of 7 bytes: the header (8 bytes) is cut, and the payload comes in 7-byte pieces
            // that start at every key phase.
            var start = 0
            while start < all.count {
                let piece = UnsafeMutableRawBufferPointer(rebasing: all[start..<min(start + 7, all.count)])
                start += 7
                var cursor = 0
                loop: while true {
                    switch decoder.next(piece, cursor: &cursor) {
                    case .needMoreBytes: break loop
                    case .failure(let e): Issue.record("unexpected \(e)"); return
                    case .piece(let p):
                        offsets.append(p.offsetInFrame)
                        ends.append(p.isFrameEnd)
                        gathered += Array(p.payload)
                    }
                }
            }
        }
        #expect(gathered == payload)
        #expect(offsets.first == 0)
        #expect(ends.last == true && ends.dropLast().allSatisfy { !$0 })
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $1 > $0 })
        #expect(decoder.isAtFrameBoundary)
    }

    @Test func failureInsideAStashedHeaderIsReported() {
        // First read: 1 byte of a valid header; second read: a length byte that breaks the rules.
        #expect(readMessages([0x89, 0x80 | 126, 0, 200], reads: [1, 3]) == [.failure(.controlFrameTooLong)])
        #expect(readMessages([0x82, 0x00], reads: [1, 1]) == [.failure(.unmaskedClientFrame)])
    }
}
