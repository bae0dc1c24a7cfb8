import BenchSupport
import Glibc
import LoadGenerator
import Testing

/// `--payload-file`: JSON Lines and length-prefixed binary files are read, replayed with every
/// echo verified, and malformed files are refused with the line or offset named.
@Suite("Payload files")
struct PayloadFileTests {
    static let lines = [
        #"{"type":"trade","sym":"AAPL","price":189.42,"size":100}"#,
        #"{"type":"quote","sym":"MSFT","bid":412.05,"ask":412.07,"note":"héllo wörld ✓"}"#,
        #"{"type":"heartbeat","seq_is_here":"................"}"#,
    ]

    /// `messages` as a length-prefixed binary file.
    static func binary(_ messages: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for message in messages {
            let length = UInt32(message.count).bigEndian
            withUnsafeBytes(of: length) { bytes += $0 }
            bytes += message
        }
        return bytes
    }

    /// Writes `bytes` to a fresh temporary file ending in `suffix` and returns its path.
    static func temporaryFile(_ bytes: [UInt8], suffix: String) -> String {
        var template = Array("/tmp/wsbench-payload-XXXXXX\(suffix)".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
        precondition(fd >= 0)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func parseError(_ bytes: [UInt8], _ format: PayloadFileFormat) -> String? {
        do {
            _ = try PayloadFile.parse(bytes, format: format, path: "f")
            return nil
        } catch {
            return error.description
        }
    }

    @Test("JSON Lines: one text message per line, CRLF and a missing final newline accepted")
    func jsonLines() throws {
        let text = Self.lines[0] + "\r\n" + Self.lines[1] + "\n" + Self.lines[2]
        let path = Self.temporaryFile(Array(text.utf8), suffix: ".jsonl")
        defer { unlink(path) }
        let file = try PayloadFile.load(path)
        #expect(file.format == .jsonLines && file.opcode == .text)
        #expect(file.messages == Self.lines.map { Array($0.utf8) })
    }

    @Test("length-prefixed binary: 4-byte big-endian length + bytes")
    func lengthPrefixed() throws {
        let messages: [[UInt8]] = [Array(0..<200), [UInt8](repeating: 0xFF, count: 16), Array(repeating: 7, count: 70_000)]
        let path = Self.temporaryFile(Self.binary(messages), suffix: ".bin")
        defer { unlink(path) }
        let file = try PayloadFile.load(path)
        #expect(file.format == .lengthPrefixed && file.opcode == .binary)
        #expect(file.messages == messages)
    }

    @Test("malformed files: clear errors naming the line or offset")
    func malformed() {
        #expect(
            parseError(Array("short\n".utf8), .jsonLines) == "payload file f, line 1: 5 bytes, shorter than the 16-byte stamp")
        #expect(
            parseError(Array((Self.lines[0] + "\n\n").utf8), .jsonLines)
                == "payload file f, line 2: 0 bytes, shorter than the 16-byte stamp")
        #expect(
            parseError(Array(Self.lines[0].utf8) + [10, 0x7B, 0xFF] + Array(Self.lines[0].utf8), .jsonLines)?.hasPrefix(
                "payload file f, line 2: not valid UTF-8 at byte 1") == true)
        #expect(
            parseError(Array(#"{"k":"a\#u{E9}cdefghijklmnopqrstuvwxyz"}"#.utf8), .jsonLines)?.contains(
                "line 1: the stamp (bytes 8–23) would cut a UTF-8 character") == true)
        #expect(parseError([], .jsonLines) == "payload file f: no messages")
        #expect(
            parseError(Self.binary([Array(0..<40)]) + [0, 0], .lengthPrefixed)
                == "payload file f, offset 44: a 4-byte length prefix starts here but only 2 bytes are left")
        #expect(
            parseError(Self.binary([Array(0..<40)]) + [0, 0, 1, 0, 1, 2], .lengthPrefixed)
                == "payload file f, offset 44: a message of 256 bytes runs past the end of the file (2 bytes left)")
        #expect(
            parseError(Self.binary([Array(0..<40), Array(0..<3)]), .lengthPrefixed)
                == "payload file f, offset 44: 3 bytes, shorter than the 16-byte stamp")
        #expect(
            parseError([0xFF, 0xFF, 0xFF, 0xFF], .lengthPrefixed)?.contains(
                "offset 0: a message of 4294967295 bytes runs past the end") == true)
    }

    @Test("unknown extensions and missing files are refused with the path")
    func unreadable() {
        #expect(throws: PayloadFileError.self) { try PayloadFile.load("/tmp/messages.json") }
        do {
            _ = try PayloadFile.load("/nonexistent/x.jsonl")
        } catch {
            #expect(error.description.hasPrefix("payload file /nonexistent/x.jsonl: cannot read /nonexistent/x.jsonl"))
        }
    }

    @Test(
        "a payload file replays against the wsbench echo server with every echo verified",
        arguments: [PayloadFileFormat.jsonLines, .lengthPrefixed], [false, true])
    func replays(format: PayloadFileFormat, compressed: Bool) throws {
        let messages =
            format == .jsonLines
            ? Self.lines.map { Array($0.utf8) }
            : [Array(0..<200), Array(repeating: 9, count: 20), Array(repeating: 1, count: 5_000)]
        let file = try PayloadFile.parse(
            format == .jsonLines ? Array(Self.lines.joined(separator: "\n").utf8) : Self.binary(messages), format: format,
            path: "f")
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 90
            c.payloadFile = file
            c.content = .file
            c.opcode = file.opcode
            if compressed { c.compression = .init(minimumMessageSize: 16) }
            return try runLoad(c)
        }
        #expect(result.counters.messagesReceived == 90)
        #expect(result.counters.measuredPayloadBytes == 90 / 3 * messages.reduce(0) { $0 + $1.count })
        #expect(result.counters.totalErrors == 0)
        #expect(result.isClean)
    }

    @Test("the configuration refuses a payload file that does not fit it")
    func configurationChecks() throws {
        let file = try PayloadFile.parse(Array(Self.lines[0].utf8), format: .jsonLines, path: "f")
        var c = testConfiguration(port: 1)
        c.payloadFile = file
        #expect(c.validate() == "a payload file goes with content `file`, and only with it")
        c.content = .file
        #expect(c.validate() == "a jsonl payload file sends text messages")
        c.opcode = .text
        #expect(c.validate() == nil)
        c.maximumMessageLength = 20
        #expect(
            c.validate()?.contains("payload message 1 has \(Self.lines[0].utf8.count) bytes, more than the largest allowed (20)")
                == true)
    }
}
