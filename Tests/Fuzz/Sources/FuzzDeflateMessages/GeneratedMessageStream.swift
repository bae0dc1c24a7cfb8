import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The frames of a connection generated from a fuzzer input, and what a reader must deliver.
///
/// Input: byte 0: bit 0 the reader is a client (else a server: frames masked); bit 1
/// `no_context_takeover`; bits 2–4 window bits 8 + value; bits 5–7 the inflate cap
/// (`FrameStreamConfiguration.inflateCaps`). Byte 1: the read pattern; byte 2: the inflate pattern;
/// byte 3: zlib level (bits 0–3, 10–15 meaning zlib's default) and memLevel 1 + bits 4–6; bit 7 set:
/// the reader inflates with ISA-L and the peer compresses with ISA-L (level bits even) or libdeflate
/// (odd; zlib unless 15 bits without context takeover). Then
/// messages, each a flags byte — bit 0 compressed, bit 1 text (else binary), bits 2–3 fragments − 1,
/// bit 4 a ping between fragments, bits 5–7 how often the content repeats (2^value) — a length byte
/// and that many content bytes.
struct GeneratedMessageStream {
    private(set) var configuration: FrameStreamConfiguration
    let level: Int
    let memoryLevel: Int
    private(set) var bytes: [UInt8] = []
    private(set) var expectedEvents: [ObservedEvent] = []

    init(_ input: inout FuzzInput) {
        let flags = input.takeByte()
        let readSeed = input.takeByte()
        let inflateSeed = input.takeByte()
        let zlibChoice = input.takeByte()
        let role: Role = flags & 1 != 0 ? .client : .server
        let bits = 8 + Int(flags >> 2 & 7)
        let noContextTakeover = flags & 2 != 0
        configuration = FrameStreamConfiguration(
            role: role,
            deflate: DeflateParameters(
                serverNoContextTakeover: noContextTakeover, clientNoContextTakeover: noContextTakeover,
                serverMaxWindowBits: bits, clientMaxWindowBits: bits),
            maximumMessageLength: 1 << 20, maximumInflatedLength: FrameStreamConfiguration.inflateCaps[Int(flags >> 5)],
            readPattern: ChunkPattern(seed: readSeed), inflatePattern: ChunkPattern(seed: inflateSeed))
        level = zlibChoice & 15 <= 9 ? Int(zlibChoice & 15) : -1
        memoryLevel = 1 + Int(zlibChoice >> 4 & 7)
        // The peer's compressor: the messages a server reads were deflated by a client, and vice versa.
        let otherLibraries = zlibChoice & 0x80 != 0
        let compressor: DeflateImplementation = !otherLibraries ? .zlib : zlibChoice & 1 == 0 ? .isal : .libdeflate
        configuration.inflateImplementation = otherLibraries ? .isal : .zlib
        let deflater = MessageDeflater(
            windowBits: bits, noContextTakeover: noContextTakeover, level: level, memoryLevel: memoryLevel,
            implementation: compressor)
        var writer = FrameWriter(maskingKey: role == .server ? [0x37, 0xFA, 0x21, 0x3D] : nil)
        var index: UInt8 = 0
        while input.position < input.bytes.count {
            let messageFlags = input.takeByte()
            let length = Int(input.takeByte())
            var content: [UInt8] = []
            for _ in 0..<length where input.position < input.bytes.count { content.append(input.takeByte()) }
            let plaintext = Array([[UInt8]](repeating: content, count: 1 << Int(messageFlags >> 5)).joined())
            let ended = add(
                plaintext, compressed: messageFlags & 1 != 0, opcode: messageFlags & 2 != 0 ? .text : .binary,
                fragments: 1 + Int(messageFlags >> 2 & 3), pings: messageFlags & 0x10 != 0, index: index,
                deflater: deflater, writer: &writer)
            index &+= 1
            if ended { break }
        }
        bytes = writer.bytes
    }

    /// Writes one message and its expected events; returns whether the reader must fail on it.
    private mutating func add(
        _ plaintext: [UInt8], compressed: Bool, opcode: Opcode, fragments: Int, pings: Bool, index: UInt8,
        deflater: MessageDeflater, writer: inout FrameWriter
    ) -> Bool {
        let wire = compressed ? plaintext.withUnsafeBytes { Array(deflater.compress($0)) } : plaintext
        // Uncompressed text fails at the fragment holding its first invalid byte (the end, for a
        // sequence cut off by it); compressed text once inflated, after the last fragment.
        let invalidOffset = opcode == .text ? UTF8Reference.firstInvalidOffset(plaintext) : nil
        for fragment in 0..<fragments {
            let start = wire.count * fragment / fragments
            let end = wire.count * (fragment + 1) / fragments
            if fragment > 0 && pings {
                writer.append(.ping, [index, UInt8(fragment)])
                expectedEvents.append(.ping([index, UInt8(fragment)]))
            }
            writer.append(
                fragment == 0 ? opcode : .continuation, wire[start..<end], fin: fragment == fragments - 1,
                rsv1: compressed && fragment == 0)
            if !compressed, let offset = invalidOffset, offset < end || fragment == fragments - 1 {
                expectedEvents.append(.failure(.invalidUTF8))
                return true
            }
        }
        if compressed && plaintext.count > configuration.maximumInflatedLength {
            expectedEvents.append(.failure(.messageTooBig))
            return true
        }
        if invalidOffset != nil {
            expectedEvents.append(.failure(.invalidUTF8))
            return true
        }
        expectedEvents.append(.message(opcode, plaintext, compressed: compressed))
        return false
    }
}
