import PerMessageDeflate
import Testing
import WebSocketCore

/// RFC 7692 §7.2.3, byte for byte.
@Suite struct RFC7692ExampleTests {
    let hello = Array("Hello".utf8)

    /// Builds an unmasked frame with a payload shorter than 126 bytes.
    func frame(fin: Bool, opcode: Opcode, compressed: Bool, _ payload: [UInt8]) -> [UInt8] {
        let rsv1 = DeflateFrameRules.rsv1(opcode: opcode, messageIsCompressed: compressed)
        return [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue, UInt8(payload.count)] + payload
    }

    @Test(arguments: [-1, 1, 6, 9])
    func singleMessage(level: Int) {
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: false, level: level, memoryLevel: 8)
        let payload = compressed(deflater, hello)
        #expect(payload == [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])
        #expect(frame(fin: true, opcode: .text, compressed: true, payload) == [0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])
    }

    @Test func sharingTheSlidingWindow() throws {
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: false, level: -1, memoryLevel: 8)
        #expect(compressed(deflater, hello) == [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])
        #expect(compressed(deflater, hello) == [0xf2, 0x00, 0x11, 0x00, 0x00])

        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        #expect(try inflated(inflater, [[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]]) == hello)
        #expect(try inflated(inflater, [[0xf2, 0x00, 0x11, 0x00, 0x00]]) == hello)
    }

    @Test func withoutContextTakeoverTheSecondMessageIsCompressedAlone() {
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: true, level: -1, memoryLevel: 8)
        #expect(compressed(deflater, hello) == [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])
        #expect(compressed(deflater, hello) == [0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00])
    }

    @Test func fragmentedMessage() throws {
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: false, level: -1, memoryLevel: 8)
        let payload = compressed(deflater, hello)
        let first = frame(fin: false, opcode: .text, compressed: true, Array(payload[0..<3]))
        let second = frame(fin: true, opcode: .continuation, compressed: true, Array(payload[3...]))
        #expect(first == [0x41, 0x03, 0xf2, 0x48, 0xcd])
        #expect(second == [0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00])

        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        #expect(try inflated(inflater, [[0xf2, 0x48, 0xcd], [0xc9, 0xc9, 0x07, 0x00]]) == hello)
    }

    @Test func emptyFragmentInTheMiddle() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        #expect(try inflated(inflater, [[0xf2, 0x48, 0xcd], [], [0xc9, 0xc9, 0x07, 0x00]]) == hello)
    }

    @Test func deflateBlockWithNoCompression() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        let payload: [UInt8] = [0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00]
        #expect(frame(fin: true, opcode: .text, compressed: true, payload).prefix(2) == [0xc1, 0x0b])
        #expect(try inflated(inflater, [payload]) == hello)
    }

    @Test func deflateBlockWithBFinalSet() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        #expect(try inflated(inflater, [[0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00]]) == hello)
        // The window survives the end of that stream: the shared-window message still inflates.
        #expect(try inflated(inflater, [[0xf2, 0x00, 0x11, 0x00, 0x00]]) == hello)
        // And a BFINAL block without the padding byte is accepted too.
        #expect(try inflated(inflater, [[0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]]) == hello)
    }

    @Test func twoDeflateBlocksInOneMessage() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        let payload: [UInt8] = [0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00]
        #expect(try inflated(inflater, [payload]) == hello)
    }

    @Test func emptyMessage() throws {
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 100)
        #expect(try inflated(inflater, [[0x00]]) == [])
        // An empty payload is not a DEFLATE block: `00 00 ff ff` alone is a truncated stored block.
        #expect(throws: ProtocolError.invalidCompressedData) { try inflated(inflater, []) }
        let deflater = MessageDeflater(windowBits: 15, noContextTakeover: false)
        let empty = compressed(deflater, [])
        #expect(!empty.isEmpty)
        #expect(try inflated(inflater, [empty]) == [])
        // Again, right after a flush, when zlib has nothing to emit: a lone empty stored block header.
        #expect(compressed(deflater, []) == [0x00])
        #expect(try inflated(inflater, [[0x00]]) == [])
    }
}
