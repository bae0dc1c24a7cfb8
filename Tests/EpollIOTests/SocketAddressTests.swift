import EpollIO
import Testing

@Suite("SocketAddress")
struct SocketAddressTests {
    @Test("Parses IPv4 host:port")
    func parsesIPv4() throws {
        let address = try #require(SocketAddress("127.0.0.2:8080"))
        #expect(address.port == 8080)
        #expect(address.host == "127.0.0.2")
        #expect(address.description == "127.0.0.2:8080")
        #expect(address == SocketAddress(host: "127.0.0.2", port: 8080))
    }

    @Test("Parses bracketed IPv6 and localhost")
    func parsesIPv6AndLocalhost() throws {
        let v6 = try #require(SocketAddress("[::1]:9000"))
        #expect(v6.port == 9000)
        #expect(v6.host == "::1")
        #expect(v6.description == "[::1]:9000")
        let local = try #require(SocketAddress("localhost:80"))
        #expect(local.host == "127.0.0.1")
    }

    @Test("Rejects malformed text", arguments: [
        "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "::1:80", "[::1]", "[127.0.0.1]:80",
        "example.com:80", "1.2.3:80", ":80", "127.0.0.1:8a",
    ])
    func rejectsMalformed(text: String) {
        #expect(SocketAddress(text) == nil)
    }

    @Test("withPort changes only the port")
    func withPort() throws {
        let address = try #require(SocketAddress("10.1.2.3:1"))
        #expect(address.withPort(443) == SocketAddress("10.1.2.3:443"))
        #expect(address != SocketAddress("10.1.2.4:1"))
    }
}
