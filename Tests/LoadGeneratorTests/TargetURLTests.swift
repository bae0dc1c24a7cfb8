import EpollIO
import LoadGenerator
import Testing

/// The target grammar of `wsbench load` (see ``TargetURL``): schemes, default ports, host kinds,
/// the request target, and a clear refusal for everything else. No DNS.
@Suite("Target URLs")
struct TargetURLTests {
    @Test("ws:// and wss://: default ports 80 and 443, the Host header omits them")
    func schemesAndDefaultPorts() throws {
        let plain = try TargetURL.parse("ws://example.com/ws")
        #expect(!plain.isSecure && plain.port == 80 && plain.path == "/ws")
        #expect(plain.hostHeader == "example.com")
        #expect(plain.description == "ws://example.com:80/ws")
        let secure = try TargetURL.parse("WSS://Example.COM")
        #expect(secure.isSecure && secure.port == 443 && secure.path == "/")
        #expect(secure.host == "Example.COM" && secure.hostHeader == "Example.COM")
        #expect(secure.tlsServerName == "Example.COM")
        #expect(secure.description == "wss://Example.COM:443/")
        let other = try TargetURL.parse("wss://example.com:8443/a")
        #expect(other.hostHeader == "example.com:8443")
        #expect(try TargetURL.parse("ws://example.com:/x").port == 80)
    }

    @Test("query strings stay in the request target")
    func queries() throws {
        #expect(try TargetURL.parse("ws://h/chat?room=1&token=a%20b").path == "/chat?room=1&token=a%20b")
        #expect(try TargetURL.parse("ws://h?x=1").path == "/?x=1")
        #expect(try TargetURL.parse("ws://h:81?x=1").port == 81)
    }

    @Test("hosts: names are not resolved; IPv4 and bracketed IPv6 literals carry their address")
    func hosts() throws {
        let name = try TargetURL.parse("ws://api.example-1.test_x:9001/ws")
        #expect(name.hostName == "api.example-1.test_x" && name.literalAddress == nil)
        let v4 = try TargetURL.parse("ws://127.0.0.2:9001/ws")
        #expect(v4.literalAddress == SocketAddress(host: "127.0.0.2", port: 9001))
        #expect(v4.tlsServerName == nil)
        let v6 = try TargetURL.parse("ws://[::1]:9001/ws")
        #expect(v6.host == "[::1]" && v6.hostName == "::1")
        #expect(v6.literalAddress == SocketAddress(host: "::1", port: 9001))
        #expect(v6.hostHeader == "[::1]:9001")
        #expect(v6.tlsServerName == nil)
        #expect(try TargetURL.parse("wss://[2001:db8::1]").port == 443)
    }

    @Test(
        "refused, each with what to write instead",
        arguments: [
            ("http://example.com/ws", TargetURLError.httpScheme(secure: false)),
            ("https://example.com/ws", .httpScheme(secure: true)),
            ("ftp://example.com/", .unsupportedScheme("ftp")),
            ("example.com:9001/ws", .notAURL("example.com:9001/ws")),
            ("ws://user:secret@example.com/ws", .userinfo),
            ("ws://token@example.com/ws", .userinfo),
            ("ws:///ws", .missingHost),
            ("ws://:9001/ws", .missingHost),
            ("ws://example.com:0/", .invalidPort("0")),
            ("ws://example.com:65536/", .invalidPort("65536")),
            ("ws://example.com:80a/", .invalidPort("80a")),
            ("ws://::1:9001/", .unbracketedIPv6("::1:9001")),
            ("ws://[::1/", .invalidHost("[::1")),
            ("ws://[nonsense]/", .invalidHost("[nonsense]")),
            ("ws://[fe80::1%25eth0]/", .ipv6ZoneIdentifier),
            ("ws://999.1.1.1/", .invalidHost("999.1.1.1")),
            ("ws://exa mple.com/", .invalidHost("exa mple.com")),
            ("ws://bücher.example/", .nonASCIIHost("bücher.example")),
            ("ws://example.com/a b", .invalidPathCharacters("/a b")),
            ("ws://example.com/ws#top", .fragment),
        ])
    func refused(text: String, expected: TargetURLError) {
        #expect(throws: expected) { try TargetURL.parse(text) }
        #expect(TargetURL(text) == nil)
    }

    @Test("the refusals say what to write instead")
    func refusalWording() {
        #expect(TargetURLError.httpScheme(secure: false).description.contains("use ws://"))
        #expect(TargetURLError.httpScheme(secure: true).description.contains("use wss://"))
        #expect(TargetURLError.userinfo.description.contains("--header"))
    }
}
