import LoadGenerator
import Testing
import WebSocketCore

/// The generated content kinds: reproducible, varied, exact sizes, valid UTF-8.
@Suite("Generated content kinds")
struct ContentKindTests {
    static let pooled: [PayloadContent] = [.ticks, .chat, .game, .logs, .random]

    /// Every distinct message of `templates` (a pool may repeat inside the interleaved list).
    func messages(_ templates: PayloadTemplates) -> [[UInt8]] {
        templates.templates.map { [UInt8](UnsafeRawBufferPointer(start: $0.bytes, count: $0.count)) }
    }

    @Test("the same seed gives the same messages, another seed others", arguments: pooled)
    func deterministicPerSeed(content: PayloadContent) {
        let a = messages(PayloadTemplates(sizes: [1024], content: content, opcode: .text, seed: 7))
        let b = messages(PayloadTemplates(sizes: [1024], content: content, opcode: .text, seed: 7))
        let c = messages(PayloadTemplates(sizes: [1024], content: content, opcode: .text, seed: 8))
        #expect(a == b)
        #expect(a != c)
        #expect(zip(a, c).filter { $0 == $1 }.isEmpty)
    }

    @Test("every message of a pool differs from the others; the pool covers a 32 KiB window many times", arguments: pooled)
    func distinctPool(content: PayloadContent) {
        for size in [256, 1024, 16384] {
            let pool = messages(PayloadTemplates(sizes: [size], content: content, opcode: .text))
            #expect(pool.count >= 256)
            #expect(pool.count * size >= 64 << 10)
            #expect(Set(pool).count == pool.count, "\(content) at \(size) B")
        }
    }

    @Test("each message has exactly its size, a blank stamp at 8, and text kinds are valid UTF-8", arguments: pooled)
    func exactSizesAndText(content: PayloadContent) {
        let sizes = [0, 7, 20, 24, 100, 1000, 1023, 4097, 70_000]
        let templates = PayloadTemplates(sizes: sizes, content: content, opcode: .text)
        for (index, template) in templates.templates.enumerated() {
            #expect(template.count == sizes[index % sizes.count])
            let bytes = UnsafeRawBufferPointer(start: template.bytes, count: template.count)
            var validator = UTF8Validator()
            #expect(validator.validate(bytes) && validator.finish(), "\(content) message \(index) is not valid UTF-8")
            if template.count >= 24 {
                #expect(template.stampOffset == 8 && template.stampWidth == 16)
                #expect(bytes[8..<24].allSatisfy { $0 == UInt8(ascii: "0") })
            }
            if index >= 4 * sizes.count { break }  // the first few of each size are enough here
        }
    }

    @Test(
        "generated kinds are JSON records behind the stamp; chat has non-ASCII text",
        arguments: [PayloadContent.ticks, .chat, .game, .logs])
    func recordShape(content: PayloadContent) {
        let pool = messages(PayloadTemplates(sizes: [4096], content: content, opcode: .text))
        let first = String(decoding: pool[0], as: UTF8.self)
        #expect(first.hasPrefix(#"{"seq":"0000000000000000","d":[{""#))
        if content == .chat { #expect(pool.contains { $0.contains { $0 >= 0x80 } }) }
    }

    @Test("several sizes interleave: entry i has sizes[i % n], so message k of connection c has sizes[(c + k) % n]")
    func interleavedSizes() {
        let templates = PayloadTemplates(sizes: [64, 1024, 16384], content: .ticks, opcode: .binary)
        #expect(templates.templates.count % 3 == 0)
        #expect(templates.templates.enumerated().allSatisfy { $0.element.count == [64, 1024, 16384][$0.offset % 3] })
        #expect(templates.maximumCount == 16384)
    }

    @Test("random binary content is not ASCII-only; random text is printable ASCII")
    func randomBytes() {
        let binary = messages(PayloadTemplates(sizes: [1024], content: .random, opcode: .binary))
        let text = messages(PayloadTemplates(sizes: [1024], content: .random, opcode: .text))
        #expect(binary[0].contains { $0 >= 0x80 })
        #expect(text.allSatisfy { $0.allSatisfy { (0x20..<0x7F).contains($0) } })
    }

    @Test("a stamp reads back as its value; other bytes are not a stamp")
    func stampReadsBack() {
        let value = SequenceStamp.value(connection: 12_345, message: 987_654_321)
        let words = SequenceStamp.words(value)
        withUnsafeBytes(of: words) { #expect(SequenceStamp.value(at: $0.baseAddress!) == value) }
        let text = Array("00000000000000g0".utf8)
        text.withUnsafeBytes { #expect(SequenceStamp.value(at: $0.baseAddress!) == nil) }
    }
}
