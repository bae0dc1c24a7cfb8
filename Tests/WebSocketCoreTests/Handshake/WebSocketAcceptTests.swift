import Testing
@testable import WebSocketCore

@Suite struct WebSocketAcceptTests {
    // RFC 6455 §1.3: the sample key and its accept value.
    @Test func matchesTheRFC6455SampleHandshake() {
        #expect(WebSocketAccept.value(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func writesIntoCallerBuffer() {
        var out = [UInt8](repeating: 0, count: WebSocketAccept.valueCount)
        let written = Array("dGhlIHNhbXBsZSBub25jZQ==".utf8).withUnsafeBytes { key in
            out.withUnsafeMutableBytes { WebSocketAccept.write(forKey: key, into: $0) }
        }
        #expect(written == 28)
        #expect(String(decoding: out, as: UTF8.self) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func otherKeyMatchesPythonReference() {
        // base64(sha1(b"x3JJHMbDL1EzLkh9GBhXDw==" + GUID)) computed with Python's hashlib.
        #expect(WebSocketAccept.value(forKey: "x3JJHMbDL1EzLkh9GBhXDw==") == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=")
    }
}
