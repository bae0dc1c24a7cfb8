import EchoServer
import LoadGenerator
import PerMessageDeflate
import Testing

/// Each content kind against the wsbench echo server: every echo verified, with and without
/// compression, and the compression ratio the harness reports (payload bytes sent per byte
/// written) matching zlib's on the same messages.
@Suite("Content kinds against the wsbench echo server")
struct ContentEchoTests {
    @Test(
        "every kind's echoes verify, text and binary, plain and compressed", arguments: PayloadContent.selectable, [false, true])
    func echoesVerify(content: PayloadContent, compressed: Bool) throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 3
            c.messageCount = 600
            c.sizes = [20, 1_024, 16_384]
            c.content = content
            c.contentSeed = 42
            c.opcode = content == .random ? .binary : .text
            if compressed { c.compression = .init() }
            return try runLoad(c)
        }
        #expect(result.counters.messagesReceived == 600)
        #expect(result.counters.totalErrors == 0)
        #expect(result.isClean)
    }

    @Test("the reported ratio (messages × size / bytes written) is zlib's ratio on the same messages, frame headers counted")
    func reportedRatioIsZlibs() throws {
        let count = 256
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 1
            c.messageCount = count
            c.sizes = [1_024]
            c.opcode = .text
            // zlib on the load side, so zlib's sizes are the reference (auto would be ISA-L: ~5% smaller).
            c.compression = .init(clientMaxWindowBits: .limit(15), implementation: .zlib)
            return try runLoad(c)
        }
        #expect(result.counters.totalErrors == 0)
        #expect(result.negotiatedExtensions.keys.first?.hasPrefix("permessage-deflate") == true)
        // What CellRun.compressionRatio (summary.csv's compression_ratio) computes.
        let reported = Double(result.counters.messagesSent * result.configuration.sizes[0]) / Double(result.counters.bytesWritten)
        let messages = ContentStreams.messages(PayloadTemplates(result.configuration), connection: 0, count: count)
        // The window the server granted (the wsbench server caps client_max_window_bits).
        let accepted = result.negotiatedExtensions.keys.first ?? ""
        let windowBits =
            accepted.split(separator: "client_max_window_bits=").dropFirst().first.flatMap { Int($0.prefix(2)) } ?? 15
        let zlib = ContentStreams.zlibSizes(messages, windowBits: windowBits, level: 1, memoryLevel: 4, contextTakeover: true)
        // On the wire: the compressed payload without zlib's 00 00 ff ff, behind a masked header.
        let frames = zlib.map { $0 - 4 + ($0 - 4 < 126 ? 6 : 8) }.reduce(0, +)
        let expected = Double(count * 1_024) / Double(frames)
        #expect(
            abs(reported / expected - 1) < 0.02,
            "reported \(reported), zlib with frame headers \(expected), written \(result.counters.bytesWritten), frames \(frames), \(result.negotiatedExtensions)"
        )
        #expect(reported > 3 && reported < 9)
    }
}
