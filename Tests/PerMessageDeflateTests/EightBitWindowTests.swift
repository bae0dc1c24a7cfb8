import BenchSupport
import CZlib
import PerMessageDeflate
import Testing

/// `server_max_window_bits=8`: zlib refuses a raw 8-bit deflate window, so the deflater uses 9 bits.
/// That is only correct if its output never refers further back than 256 bytes: check it with a
/// raw zlib inflater that really has a 256-byte window.
@Suite struct EightBitWindowTests {
    /// Compresses eight 20 KB messages with `deflater` and inflates them with a raw zlib stream
    /// opened at 8 window bits; returns how many came back intact.
    func intactMessages(_ deflater: MessageDeflater) -> Int {
        var rng = SplitMix64(seed: 256)
        let zstream = UnsafeMutablePointer<wsb_zstream>.allocate(capacity: 1)
        defer { zstream.deallocate() }
        guard wsb_inflate_init_raw(zstream, 8) == Z_OK else { return -1 }
        let stream = UnsafeMutableRawPointer(zstream).assumingMemoryBound(to: z_stream.self)
        defer { inflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: 1 << 16)
        var intact = 0
        for _ in 0..<8 {
            let message = mixedPayload(count: 20_000, using: &rng)
            let wire = compressed(deflater, message) + [0x00, 0x00, 0xff, 0xff]
            var status: Int32 = Z_OK
            var produced = 0
            wire.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
                    stream.pointee.avail_in = uInt(input.count)
                    stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(out.count)
                    status = inflate(stream, Z_SYNC_FLUSH)
                    produced = out.count - Int(stream.pointee.avail_out)
                }
            }
            guard status == Z_OK, Array(output[0..<produced]) == message else { return intact }
            intact += 1
            if deflater.noContextTakeover { inflateReset(stream) }
        }
        return intact
    }

    @Test(arguments: [false, true])
    func deflateAtNineBitsInflatesWithAnEightBitWindow(noContextTakeover: Bool) {
        let deflater = MessageDeflater(windowBits: 8, noContextTakeover: noContextTakeover, level: 9, memoryLevel: 9)
        #expect(intactMessages(deflater) == 8)
    }

    @Test func aTenBitWindowDoesNotFitInEightBits() {
        // The control: the check above does catch a deflater whose matches reach too far back.
        let deflater = MessageDeflater(windowBits: 10, noContextTakeover: false, level: 9, memoryLevel: 9)
        #expect(intactMessages(deflater) < 8)
    }
}
