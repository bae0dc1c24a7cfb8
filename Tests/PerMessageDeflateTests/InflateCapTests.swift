import BenchSupport
import PerMessageDeflate
import Testing
import WebSocketCore

@Suite struct InflateCapTests {
    /// 16 MiB of zeros deflate to ~16 KiB: a zip bomb for a 1 MiB cap.
    static let bomb: [UInt8] = {
        let zeros = [UInt8](repeating: 0, count: 16 << 20)
        return compressed(MessageDeflater(windowBits: 15, noContextTakeover: true, level: 9, memoryLevel: 9), zeros)
    }()

    @Test func zipBombFailsWith1009WithoutGrowingPastTheCap() throws {
        #expect(Self.bomb.count < 64 << 10)
        let cap = 1 << 20
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: cap)
        let error = #expect(throws: ProtocolError.messageTooBig) { try inflated(inflater, [Self.bomb]) }
        #expect(error?.closeCode == .messageTooBig)
        #expect(inflater.buffer.capacity <= cap + 1)
    }

    @Test func capAcrossFragments() throws {
        let cap = 100_000
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: cap)
        var rng = SplitMix64(seed: 1)
        #expect(throws: ProtocolError.messageTooBig) { try inflated(inflater, randomChunks(Self.bomb, using: &rng)) }
        #expect(inflater.buffer.capacity <= cap + 1)
    }

    @Test func messageOfExactlyTheCapIsAccepted() throws {
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: true)
        let atCap = [UInt8](repeating: 0x61, count: 5000)
        let overCap = [UInt8](repeating: 0x61, count: 5001)
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: true, maximumMessageSize: 5000)
        #expect(try inflated(inflater, [compressed(deflater, atCap)]) == atCap)
        #expect(throws: ProtocolError.messageTooBig) { try inflated(inflater, [compressed(deflater, overCap)]) }
        // The inflater starts afresh after an error.
        #expect(try inflated(inflater, [compressed(deflater, atCap)]) == atCap)
    }

    @Test func zeroCapAcceptsOnlyEmptyMessages() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: true, maximumMessageSize: 0)
        #expect(try inflated(inflater, [[0x00]]) == [])
        #expect(throws: ProtocolError.messageTooBig) { try inflated(inflater, [[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]]) }
    }

    @Test(arguments: [
        [0xff, 0xff, 0xff, 0xff] as [UInt8],  // reserved block type 3
        [0xf2, 0x48, 0xcd],  // truncated in the middle of a block
        [0x00, 0x05, 0x00, 0xfa, 0xfe, 0x48],  // stored block whose NLEN is not ~LEN
        [0xf2, 0x00, 0x11, 0x00, 0x00],  // refers back to data the fresh window does not have
    ])
    func corruptDataFailsWith1007(payload: [UInt8]) throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 1 << 20)
        let error = #expect(throws: ProtocolError.invalidCompressedData) { try inflated(inflater, [payload]) }
        #expect(error?.closeCode == .invalidFramePayloadData)
        // The next message inflates on a fresh stream.
        #expect(try inflated(inflater, [[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]]) == Array("Hello".utf8))
    }
}
