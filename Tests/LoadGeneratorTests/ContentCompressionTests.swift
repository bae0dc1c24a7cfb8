import LoadGenerator
import Testing

/// The compression figures of the content kinds: wsbench's deflater agrees with zlib, the realistic
/// kinds compress like real streams, and the ratio `wsbench load` reports is computed the same way.
@Suite("Compression of the content kinds")
struct ContentCompressionTests {
    static let generated: [PayloadContent] = [.ticks, .chat, .game, .logs, .json, .random]

    @Test(
        "MessageDeflater's sizes are zlib's sizes without the 4-byte flush marker",
        arguments: generated, [(15, 8, true), (15, 8, false), (12, 4, true), (9, 1, true)])
    func deflaterMatchesZlib(content: PayloadContent, setting: (Int, Int, Bool)) {
        let (windowBits, memoryLevel, contextTakeover) = setting
        for size in [1024, 16384] {
            let messages = ContentStreams.messages(PayloadTemplates(sizes: [size], content: content, opcode: .text), count: 300)
            let wsbench = ContentStreams.wsbenchSizes(
                messages, windowBits: windowBits, level: 1, memoryLevel: memoryLevel, contextTakeover: contextTakeover)
            let zlib = ContentStreams.zlibSizes(
                messages, windowBits: windowBits, level: 1, memoryLevel: memoryLevel, contextTakeover: contextTakeover)
            #expect(wsbench == zlib.map { $0 - 4 })
        }
    }

    @Test(
        "ticks compress like a real event stream at 1 KiB and 16 KiB (zlib 1, window 15, context takeover); json far more (49× and 12×)"
    )
    func realisticBand() {
        for size in [1024, 16384] {
            let ticks = ContentStreams.zlibRatio(.ticks, size: size)
            let json = ContentStreams.zlibRatio(.json, size: size)
            #expect(ticks > 3 && ticks < 9, "ticks at \(size) B: \(ticks)")
            #expect(json > 1.8 * ticks, "json at \(size) B: \(json), ticks \(ticks)")
        }
    }

    @Test("print the ratio table (results/content-kinds.md)")
    func table() {
        var lines = ["| kind | size | w15 m8 takeover | w15 m8 no takeover | w12 m4 takeover | w12 m4 no takeover |"]
        for content in Self.generated {
            for size in [1024, 16384] {
                let messages = ContentStreams.messages(
                    PayloadTemplates(sizes: [size], content: content, opcode: .text), count: 512)
                let cells = [(15, 8, true), (15, 8, false), (12, 4, true), (12, 4, false)].map {
                    windowBits, memoryLevel, contextTakeover in
                    ContentStreams.ratio(
                        messages,
                        ContentStreams.zlibSizes(
                            messages, windowBits: windowBits, level: 1, memoryLevel: memoryLevel, contextTakeover: contextTakeover
                        ))
                }
                lines.append(
                    "| \(content.rawValue) | \(size) | "
                        + cells.map { String(Double(Int($0 * 100 + 0.5)) / 100) }.joined(separator: " | ") + " |")
            }
        }
        print(lines.joined(separator: "\n"))
    }
}
