import EchoServer
import EpollIO
import LoadGenerator
import Testing

/// Targets by host name (resolved once with `getaddrinfo`, connections spread over its addresses in
/// turn), by IPv6 literal and by given addresses, and a name that does not resolve — all over
/// loopback, no network.
@Suite("Host names and addresses")
struct HostNameTargetTests {
    func configuration(_ url: String) -> LoadConfiguration {
        var c = testConfiguration(port: 1)
        c.target = TargetURL(url)!
        c.messageCount = 40
        return c
    }

    @Test("ws://localhost:PORT/ws against wsbench serve on each of localhost's addresses: every connection opens and echoes")
    func localhostTarget() throws {
        let hosts = LoopbackServers.localhost.map(\.host)
        let servers = try LoopbackServers.startOnOnePort(hosts: hosts)
        let port = servers[0].port
        let result = try runLoad(configuration("ws://localhost:\(port)/ws"))
        let counters = servers.map(LoopbackServers.stop)
        #expect(result.isClean)
        #expect(result.counters.messagesReceived == 40)
        #expect(result.addresses == LoopbackServers.localhost.map { $0.withPort(UInt16(port)) })
        #expect(result.summary.contains("addresses   "))
        // Connection n went to address n mod count.
        for (index, counted) in counters.enumerated() {
            #expect(counted.webSocketsOpened == (4 + hosts.count - 1 - index) / hosts.count)
        }
    }

    @Test(
        "localhost with 127.0.0.1 and ::1: connections spread over both",
        .enabled(
            if: LoopbackServers.localhostIsDualStack,
            "localhost resolves to one address here (/etc/hosts): nothing to spread over"))
    func localhostDualStack() throws {
        let servers = try LoopbackServers.startOnOnePort(hosts: LoopbackServers.localhost.map(\.host))
        let result = try runLoad(configuration("ws://localhost:\(servers[0].port)/ws"))
        let counters = servers.map(LoopbackServers.stop)
        #expect(result.isClean)
        #expect(Set(result.addresses.map(\.family)).count == 2)
        #expect(counters.allSatisfy { $0.webSocketsOpened >= 1 })
        #expect(counters.reduce(0) { $0 + $1.webSocketsOpened } == 4)
    }

    @Test("given addresses: connections go to them in turn, the Host header keeps the URL's name")
    func givenAddressesSpread() throws {
        let servers = [try LoopbackServers.start(host: "127.0.0.1"), try LoopbackServers.start(host: "127.0.0.1")]
        var c = configuration("ws://wsbench.test:9/ws")
        c.addresses = servers.map { SocketAddress(host: "127.0.0.1", port: UInt16($0.port))! }
        let result = try runLoad(c)
        let counters = servers.map(LoopbackServers.stop)
        #expect(result.isClean)
        #expect(result.addresses == c.addresses)
        #expect(counters.map(\.webSocketsOpened) == [2, 2])
        #expect(counters.map(\.messagesEchoed) == [20, 20])
    }

    @Test("an IPv6 literal: ws://[::1]:PORT/ws", .enabled(if: LoopbackServers.hasIPv6Loopback, "no IPv6 loopback here"))
    func ipv6Literal() throws {
        let server = try LoopbackServers.start(host: "::1")
        let result = try runLoad(configuration("ws://[::1]:\(server.port)/ws"))
        let counted = LoopbackServers.stop(server)
        #expect(result.isClean)
        #expect(result.addresses == [SocketAddress(host: "::1", port: UInt16(server.port))!])
        #expect(counted.webSocketsOpened == 4)
    }

    @Test("a name that does not resolve: dns_failed for every connection, the reason in a note, results written")
    func unresolvableName() throws {
        let result = try runLoad(configuration("ws://wsbench-test.invalid:9001/ws"))
        #expect(result.counters[.dnsFailed] == 4)
        #expect(result.counters.totalErrors == 4)
        #expect(result.counters.connectionsAttempted == 0)
        #expect(result.counters.connectionsOpened == 0)
        #expect(!result.isClean)
        #expect(result.addresses.isEmpty)
        #expect(
            result.notes.contains {
                $0.hasPrefix("the host name wsbench-test.invalid did not resolve: ") && $0.hasSuffix(" (dns_failed)")
            })
        #expect(result.elapsedSeconds < 5)
        #expect(result.summary.contains("errors      dns_failed 4"))
        let files = WrittenResults(result)
        #expect(files.problems.isEmpty)
        #expect(files.json.contains("\"dns_failed\":4,"))
        #expect(files.json.contains("\"addresses\":[]"))
        #expect(files.csvFields["error_kinds"] == "dns_failed=4")
    }

    @Test("source addresses of another family than the target's are refused before the run")
    func sourceFamily() throws {
        var c = configuration("ws://[::1]:9001/ws")
        c.sources = [SocketAddress(host: "127.0.0.1", port: 0)!]
        #expect(c.validate() == "source addresses must be of the target's address family")
        c = configuration("ws://127.0.0.1:9001/ws")
        c.sources = [SocketAddress(host: "127.0.0.1", port: 0)!, SocketAddress(host: "::1", port: 0)!]
        #expect(c.validate() == "source addresses must all be IPv4 or all IPv6")
    }

    @Test("wss:// is no longer refused: it validates (SecureTargetTests runs it)")
    func secureTargetAccepted() {
        let c = configuration("wss://localhost:9443/ws")
        #expect(c.validate() == nil)
    }
}
