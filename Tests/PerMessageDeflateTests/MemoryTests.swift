import PerMessageDeflate
import Testing

@Suite struct MemoryTests {
    let message = Array(String(repeating: "{\"id\":12345,\"name\":\"wsbench\",\"ok\":true}", count: 100).utf8)

    @Test func zlibStateIsAllocatedOnTheFirstMessageOnly() throws {
        let session = DeflateSession(parameters: DeflateParameters(), role: .server, minimumMessageSize: 0)
        #expect(!session.deflater.isAllocated && !session.inflater.isAllocated)
        #expect(session.allocatedBytes == 0)
        let wire = try #require(message.withUnsafeBytes { session.compress($0).map { Array($0) } })
        #expect(session.deflater.isAllocated && !session.inflater.isAllocated)
        let peer = MessageInflater(windowBits: 15, noContextTakeover: false, maximumMessageSize: 1 << 20)
        #expect(try inflated(peer, [wire]) == message)
        #expect(peer.isAllocated)
    }

    @Test func deflateStateGrowsWithTheWindowAsZlibDocuments() {
        // zlib 1.2.x: window (2 × wsize) + prev (2 × wsize) grow with windowBits; the hash table,
        // pending buffer and state depend on memLevel only.
        func bytes(windowBits: Int, memoryLevel: Int) -> Int {
            let deflater = MessageDeflater(windowBits: windowBits, noContextTakeover: false, memoryLevel: memoryLevel)
            _ = compressed(deflater, message)
            return deflater.zlibBytes
        }
        #expect(bytes(windowBits: 15, memoryLevel: 8) - bytes(windowBits: 12, memoryLevel: 8) == 4 * (32768 - 4096))
        #expect(bytes(windowBits: 9, memoryLevel: 8) == bytes(windowBits: 8, memoryLevel: 8))
        // memLevel m: hash table 2 × 2^(m+7) bytes, pending buffer 4 × 2^(m+6) bytes.
        #expect(bytes(windowBits: 12, memoryLevel: 8) - bytes(windowBits: 12, memoryLevel: 4) == (2 * 32768 + 4 * 16384) - (2 * 2048 + 4 * 1024))
        #expect(bytes(windowBits: 15, memoryLevel: 8) > 260_000)
    }

    @Test func inflateWindowIsAllocatedByTheFirstMessage() throws {
        for windowBits in [9, 12, 15] {
            let inflater = MessageInflater(windowBits: windowBits, noContextTakeover: false, maximumMessageSize: 1 << 20)
            #expect(try inflated(inflater, [[0x00]]) == [])  // allocates the state, inflates nothing
            let stateOnly = inflater.zlibBytes
            #expect(try inflated(inflater, [[0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]]) == Array("Hello".utf8))
            #expect(inflater.zlibBytes - stateOnly == 1 << windowBits)
        }
    }
}
