import BenchSupport
import Testing
@testable import WebSocketCore

@Suite struct HTTPRequestParserTests {
    @Test func parsesCompleteRequest() throws {
        let result = parseRequest(sampleUpgradeRequest + "extra")
        guard case .complete(let head, let consumed) = result else {
            Issue.record("expected complete, got \(result)")
            return
        }
        #expect(consumed == sampleUpgradeRequest.utf8.count)
        #expect(head.method == "GET")
        #expect(head.target == "/chat?room=1")
        #expect(head.path == "/chat")
        #expect(head.query == "room=1")
        #expect(head.version == HTTPVersion(major: 1, minor: 1))
        #expect(head.headers.fields.count == 8)
        #expect(head.headers.first("host") == "server.example.com")
        #expect(head.headers.first("SEC-WEBSOCKET-KEY") == "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(head.headers.fields[0].name == "Host")
        #expect(head.isWebSocketUpgradeAttempt)
    }

    @Test func incompleteUntilEmptyLine() {
        #expect(parseRequest("") == .incomplete)
        #expect(parseRequest("GET / HTTP/1.1\r\nHost: a\r\n") == .incomplete)
        #expect(parseRequest("GET / HTTP/1.1\r\nHost: a\r\n\r") == .incomplete)
        if case .complete = parseRequest("GET / HTTP/1.1\r\nHost: a\r\n\r\n") {} else { Issue.record("expected complete") }
    }

    @Test func byteByByteGivesIncompleteThenSameResult() {
        let bytes = Array(sampleUpgradeRequest.utf8)
        let whole = parseRequest(sampleUpgradeRequest)
        let results = feedRequest(bytes, chunkSizes: Array(repeating: 1, count: bytes.count))
        #expect(results.count == bytes.count)
        #expect(results.dropLast().allSatisfy { $0 == .incomplete })
        #expect(results.last == whole)
    }

    @Test func everyTwoChunkSplitGivesSameResult() {
        let bytes = Array(sampleUpgradeRequest.utf8)
        let whole = parseRequest(sampleUpgradeRequest)
        for split in 0...bytes.count {
            let results = feedRequest(bytes, chunkSizes: [split, bytes.count - split])
            #expect(results.last == whole, "split at \(split)")
            #expect(results.dropLast().allSatisfy { $0 == .incomplete })
        }
    }

    @Test func randomChunksGiveSameResult() {
        let bytes = Array(sampleUpgradeRequest.utf8)
        let whole = parseRequest(sampleUpgradeRequest)
        var random = SplitMix64(seed: 42)
        for _ in 0..<50 {
            var sizes: [Int] = []
            var total = 0
            while total < bytes.count {
                let size = Int.random(in: 0...40, using: &random)
                sizes.append(size)
                total += size
            }
            let results = feedRequest(bytes, chunkSizes: sizes)
            #expect(results.last == whole, "chunks \(sizes)")
            #expect(results.dropLast().allSatisfy { $0 == .incomplete })
        }
    }

    @Test func headerBlockLimitGives431BeforeTerminator() {
        let padding = String(repeating: "x", count: 9000)
        #expect(parseRequest("GET / HTTP/1.1\r\nX-Pad: \(padding)") == .failed(.requestHeaderFieldsTooLarge))
        #expect(parseRequest("GET /\(padding)") == .failed(.requestHeaderFieldsTooLarge))
        let small = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"  // 27 bytes
        if case .complete = parseRequest(small, maximumHeadSize: 27) {} else { Issue.record("27 bytes must fit in 27") }
        #expect(parseRequest(small, maximumHeadSize: 26) == .failed(.requestHeaderFieldsTooLarge))
        #expect(parseRequest("GET / HTTP/1.1\r\nHost: a\r\n", maximumHeadSize: 26) == .incomplete)
    }

    @Test func limitReachedWhileFeedingByteByByte() {
        let bytes = Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "y", count: 200)).utf8)
        let results = feedRequest(bytes, chunkSizes: Array(repeating: 1, count: bytes.count), maximumHeadSize: 100)
        #expect(results.count == 100)
        #expect(results.last == .failed(.requestHeaderFieldsTooLarge))
    }

    /// A 256 KiB request line fed byte by byte: each call examines only the new byte, so this is linear.
    @Test func longRequestLineFedByteByByteDoesNotRescan() {
        let line = "GET /" + String(repeating: "a", count: 256 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        let bytes = Array(line.utf8)
        let results = feedRequest(bytes, chunkSizes: Array(repeating: 1, count: bytes.count), maximumHeadSize: 512 * 1024)
        #expect(results.count == bytes.count)
        if case .complete(let head, let consumed) = results.last {
            #expect(consumed == bytes.count)
            #expect(head.target.utf8.count == 256 * 1024 + 1)
        } else {
            Issue.record("expected complete, got \(String(describing: results.last))")
        }
    }

    @Test func bareLineFeedAndBareCarriageReturnAre400() {
        #expect(parseRequest("GET / HTTP/1.1\nHost: a\n\n") == .failed(.badRequest))
        #expect(parseRequest("GET / HTTP/1.1\r\nHost: a\n") == .failed(.badRequest))
        #expect(parseRequest("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") == .failed(.badRequest))
    }

    @Test func obsFoldIs400() {
        #expect(parseRequest("GET / HTTP/1.1\r\nX-A: one\r\n two\r\nHost: a\r\n\r\n") == .failed(.badRequest))
        #expect(parseRequest("GET / HTTP/1.1\r\n\tX-A: one\r\nHost: a\r\n\r\n") == .failed(.badRequest))
    }

    @Test func malformedHeaderLinesAre400() {
        for line in ["NoColon", ": empty-name", "Bad Name: x", "Host : a", "X-A: ctl\u{01}char", "X-A: del\u{7F}", "Na(me: x"] {
            #expect(parseRequest("GET / HTTP/1.1\r\n\(line)\r\n\r\n") == .failed(.badRequest), "\(line)")
        }
    }

    @Test func malformedRequestLinesAre400() {
        for line in [
            "", "GET", "GET /", "GET / HTTP/1.1 ", "GET  / HTTP/1.1", "GET / HTTP/1.10", "GET / HTTP/x.1", "GET / http/1.1",
            " GET / HTTP/1.1", "G(T / HTTP/1.1", "GET /a\u{7F} HTTP/1.1", "GET / b HTTP/1.1",
        ] {
            #expect(parseRequest("\(line)\r\nHost: a\r\n\r\n") == .failed(.badRequest), "\(line)")
        }
        #expect(parseRequest("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == .failed(.badRequest))
    }

    @Test func valuesAreTrimmedAndKeepInnerWhitespace() {
        let head = requestHead("GET / HTTP/1.1\r\nX-A: \t a  b \t\r\nX-Empty:\r\nX-Obs: caf\u{E9}\r\n\r\n")
        #expect(head?.headers.first("x-a") == "a  b")
        #expect(head?.headers.first("x-empty") == "")
        #expect(head?.headers.first("x-obs") == "caf\u{E9}")
    }

    @Test func repeatedHeadersAreKeptInOrderAndCombined() {
        let head = requestHead("GET / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\nX-B: 3\r\nX-A: 4\r\n\r\n")
        #expect(head?.headers.values("X-A") == ["1", "2", "4"])
        #expect(head?.headers.combinedValue("x-A") == "1, 2, 4")
        #expect(head?.headers.count(of: "X-A") == 3)
        #expect(head?.headers.combinedValue("X-Missing") == nil)
    }

    @Test func otherMethodsAndVersionsParse() {
        let head = requestHead("POST /x HTTP/1.0\r\n\r\n")
        #expect(head?.method == "POST")
        #expect(head?.version == HTTPVersion(major: 1, minor: 0))
        #expect(head?.isWebSocketUpgradeAttempt == false)
    }
}
