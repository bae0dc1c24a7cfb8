import LoadGenerator
import Testing

/// `--reply any`: the next message from the server answers the oldest request and is timed; only
/// framing is checked. Against a service that answers with messages of its own, against
/// `wsbench serve`, and against a server that speaks first (unsolicited), next to echo mode's
/// verdict on the same servers.
@Suite("Reply any")
struct ReplyAnyTests {
    func configuration(_ port: Int, _ configure: (inout LoadConfiguration) -> Void = { _ in }) -> LoadConfiguration {
        var c = testConfiguration(port: port)
        c.connections = 1
        c.messageCount = 50
        c.reply = .any
        configure(&c)
        return c
    }

    @Test("a server that answers each request with a different message: every request timed, no errors", arguments: [1, 8])
    func differentReplies(inFlight: Int) throws {
        let server = try FaultyEchoServer(.replyNumbered)
        defer { server.stop() }
        let result = try runLoad(configuration(server.port) { $0.mode = .closedLoop(inFlight: inFlight) })
        #expect(result.isClean)
        #expect(result.counters.messagesSent == 50)
        #expect(result.counters.messagesReceived == 50)
        #expect(result.latency.totalCount == 50)
        #expect(result.counters.unsolicitedMessages == 0)
        // The replies' own sizes ("reply n" and n mod 7 dots), not the requests'.
        let replyBytes = (0..<50).reduce(0) { $0 + "reply \($1)".utf8.count + $1 % 7 }
        #expect(result.counters.measuredPayloadBytes == replyBytes)
        #expect(result.summary.contains("50 answered"))
        #expect(WrittenResults(result).csvFields["reply"] == "any")
    }

    @Test("the same server in echo mode: every reply is a mismatch")
    func differentRepliesInEchoMode() throws {
        let server = try FaultyEchoServer(.replyNumbered)
        defer { server.stop() }
        let result = try runLoad(configuration(server.port) { $0.reply = .echo })
        #expect(!result.isClean)
        let mismatches = [LoadErrorKind.opcodeMismatch, .lengthMismatch, .sequenceMismatch, .contentMismatch].reduce(0) {
            $0 + result.counters[$1]
        }
        #expect(mismatches == 50)
    }

    @Test("against wsbench serve (an echo is a reply too), closed and open loop", arguments: [false, true])
    func againstEchoServer(openLoop: Bool) throws {
        let result = try withEchoServer { server in
            try runLoad(
                configuration(server.port) {
                    $0.connections = 3
                    $0.messageCount = 90
                    $0.compression = .init()
                    $0.opcode = .text
                    if openLoop { $0.mode = .openLoop(messagesPerSecond: 2_000) }
                })
        }
        #expect(result.isClean)
        #expect(result.counters.messagesReceived == 90)
        #expect(result.latency.totalCount == 90)
        #expect(result.counters.unsolicitedMessages == 0)
    }

    @Test("a server that speaks first: its message is unsolicited, every request still timed, no errors")
    func speaksFirst() throws {
        let server = try FaultyEchoServer(.speakFirst)
        defer { server.stop() }
        let result = try runLoad(configuration(server.port))
        #expect(result.counters.unsolicitedMessages == 1)
        #expect(result.counters.messagesReceived == 50)
        #expect(result.latency.totalCount == 50)
        #expect(result.counters.totalErrors == 0)
        #expect(result.notes.contains { $0.hasPrefix("the server sent messages while no request was waiting for an answer") })
        #expect(result.summary.contains("1 unsolicited"))
        let files = WrittenResults(result)
        #expect(files.json.contains("\"unsolicited_messages\":1,"))
        #expect(files.csvFields["unsolicited_messages"] == "1")
    }

    @Test("a server that speaks first, in echo mode: a sequence_mismatch, and the results are written")
    func speaksFirstInEchoMode() throws {
        let server = try FaultyEchoServer(.speakFirst)
        defer { server.stop() }
        let result = try runLoad(configuration(server.port) { $0.reply = .echo })
        #expect(result.counters[.sequenceMismatch] == 1)
        #expect(result.counters.totalErrors == 1)
        #expect(result.counters.messagesReceived == 50)
        #expect(result.counters.unsolicitedMessages == 0)
        #expect(WrittenResults(result).json.contains("\"sequence_mismatch\":1,"))
    }
}
