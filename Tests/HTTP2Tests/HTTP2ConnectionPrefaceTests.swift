import HTTP2
import Testing

@Suite("HTTP2ConnectionPreface")
struct HTTP2ConnectionPrefaceTests {
    func match(_ text: String) -> HTTP2ConnectionPreface.Match {
        Array(text.utf8).withUnsafeBytes { HTTP2ConnectionPreface.match($0) }
    }

    @Test func thePrefaceIsHTTP2AndRequestsAreHTTP1() {
        #expect(match("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") == .http2)
        #expect(match("PRI") == .http2)
        #expect(match("GET /ws HTTP/1.1\r\n") == .http1)
        #expect(match("POST / HTTP/1.1\r\n") == .http1)
        #expect(match("\u{16}\u{03}\u{01}") == .http1)
    }

    @Test func aPrefixOfPRIWaitsForMoreBytes() {
        #expect(match("") == .undecided)
        #expect(match("P") == .undecided)
        #expect(match("PR") == .undecided)
        #expect(match("PO") == .http1)
    }

    @Test func thePrefaceIsRFC9113s() {
        #expect(HTTP2ConnectionPreface.bytes.count == 24)
    }
}
