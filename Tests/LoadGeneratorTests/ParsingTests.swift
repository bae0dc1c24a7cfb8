import EpollIO
import LoadGenerator
import Testing

@Suite("Parsing and stamps")
struct ParsingTests {
    @Test("targets")
    func targets() throws {
        let t = try #require(TargetURL("ws://127.0.0.1:9001/ws?x=1"))
        #expect(t.port == 9001)
        #expect(t.path == "/ws?x=1")
        #expect(t.hostHeader == "127.0.0.1:9001")
        #expect(TargetURL("ws://localhost")?.port == 80)
        #expect(TargetURL("ws://localhost")?.path == "/")
        #expect(TargetURL("ws://[::1]:8080/a")?.host == "[::1]")
        // Issue 13: wss:// and host names parse (TargetURLTests has the grammar).
        #expect(TargetURL("wss://127.0.0.1:1/")?.isSecure == true)
        #expect(TargetURL("ws://example.com:80/")?.literalAddress == nil)
        #expect(TargetURL("ws://127.0.0.1:0/") == nil)
    }

    @Test("source address ranges")
    func sources() throws {
        let list = try #require(SourceAddresses.parse("127.0.0.1-127.0.0.8,127.0.1.1"))
        #expect(list.count == 9)
        #expect(list.first?.host == "127.0.0.1")
        #expect(list[7].host == "127.0.0.8")
        #expect(list.last?.host == "127.0.1.1")
        #expect(SourceAddresses.parse("127.0.0.9-127.0.0.1") == nil)
        #expect(SourceAddresses.parse("127.0.0.1-127.0.1.3") == nil)
        #expect(SourceAddresses.parse("nonsense") == nil)
    }

    @Test("stamps are the value's 16 hex digits", arguments: [0, 1, 0xABCDEF, UInt64.max, 0x0123_4567_89AB_CDEF])
    func stamps(value: UInt64) {
        let words = SequenceStamp.words(value)
        let bytes = withUnsafeBytes(of: words) { Array($0) }
        var expected = String(value, radix: 16)
        expected = String(repeating: "0", count: 16 - expected.count) + expected
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test("masking keys vary")
    func maskingKeys() {
        var generator = MaskingKeyGenerator()
        let keys = (0..<1_000).map { _ in generator.next().packed }
        #expect(Set(keys).count > 990)
    }
}
