import EpollIO
import Testing

/// `getaddrinfo` through ``HostResolver``, without the network: `localhost` (from `/etc/hosts`),
/// numeric hosts, and a name under `.invalid` (RFC 6761: never resolves; without a resolver at all
/// the lookup fails too, only with another reason).
@Suite("Host name resolution")
struct HostResolverTests {
    @Test("localhost: loopback addresses only, each once, with the port")
    func localhost() throws {
        let addresses = try HostResolver.addresses(of: "localhost", port: 9001)
        #expect(!addresses.isEmpty)
        #expect(Set(addresses.map(\.description)).count == addresses.count)
        for address in addresses {
            #expect(address.host.hasPrefix("127.") || address.host == "::1", "\(address)")
            #expect(address.port == 9001)
        }
    }

    @Test("numeric hosts resolve to themselves")
    func numericHosts() throws {
        #expect(try HostResolver.addresses(of: "127.0.0.2", port: 80) == [SocketAddress(host: "127.0.0.2", port: 80)!])
        #expect(try HostResolver.addresses(of: "::1", port: 443) == [SocketAddress(host: "::1", port: 443)!])
    }

    @Test("a name under .invalid fails with the resolver's reason")
    func invalidName() {
        let failure = #expect(throws: ResolutionError.self) {
            try HostResolver.addresses(of: "wsbench-test.invalid", port: 80)
        }
        #expect(failure?.host == "wsbench-test.invalid")
        #expect(failure?.code != 0)
        #expect(failure?.reason.isEmpty == false)
        #expect(failure?.description.hasPrefix("wsbench-test.invalid: ") == true)
    }

    @Test("loopback has a route; the route check sends nothing")
    func routes() {
        let problem = Socket.routeProblem(to: SocketAddress(host: "127.0.0.1", port: 9)!)
        #expect(problem.map { "\($0)" } == nil)
    }
}
