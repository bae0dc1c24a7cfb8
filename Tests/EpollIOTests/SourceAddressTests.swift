import EpollIO
import Testing

@Suite("Connecting from a chosen source address")
struct SourceAddressTests {
    @Test("A connection bound to 127.0.0.2 shows that source at the server")
    func sourceAddressVisibleToServer() throws {
        let source = try #require(SocketAddress("127.0.0.2:0"))
        let (client, server) = try Loopback.pair(clientSource: source)
        defer { Socket.close(client); Socket.close(server) }
        let peer = try Socket.peerAddress(server)
        #expect(peer.host == "127.0.0.2")
        #expect(peer.port != 0)
        #expect(try Socket.localAddress(client) == peer)
    }

    @Test("Many connections from two source addresses to one listener")
    func severalSources() throws {
        let listener = try Socket.makeListener(address: Loopback.anyPort)
        defer { Socket.close(listener) }
        let destination = try Socket.localAddress(listener)
        var fds: [Int32] = []
        defer { for fd in fds { Socket.close(fd) } }
        var seen: [String: Int] = [:]
        for i in 0..<20 {
            let source = SocketAddress(host: i % 2 == 0 ? "127.0.0.3" : "127.0.0.4", port: 0)!
            fds.append(try Loopback.connect(destination, from: source))
            let server = try Loopback.acceptOne(listener)
            fds.append(server)
            seen[try Socket.peerAddress(server).host, default: 0] += 1
        }
        #expect(seen == ["127.0.0.3": 10, "127.0.0.4": 10])
    }
}
