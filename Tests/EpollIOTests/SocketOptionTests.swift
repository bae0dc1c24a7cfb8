import EpollIO
import Testing

@Suite("Socket options")
struct SocketOptionTests {
    @Test("Accepted sockets inherit TCP_NODELAY and SO_RCVBUF from the listener")
    func acceptedSocketsInheritOptions() throws {
        let listener = try Socket.makeListener(address: Loopback.anyPort, noDelay: true, receiveBufferSize: 8192)
        defer { Socket.close(listener) }
        let client = try Loopback.connect(try Socket.localAddress(listener))
        defer { Socket.close(client) }
        let server = try Loopback.acceptOne(listener)
        defer { Socket.close(server) }
        #expect(try Socket.isNoDelay(server))
        #expect(try Socket.isNoDelay(client))  // Socket.connect sets it by default
        #expect(try Socket.receiveBufferSize(server) == 16384)  // the kernel doubles the request
    }

    @Test("Buffer sizes can be set and read back; TCP_NODELAY can be cleared")
    func bufferSizes() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        try Socket.setSendBufferSize(server, 16384)
        try Socket.setReceiveBufferSize(server, 16384)
        #expect(try Socket.sendBufferSize(server) == 32768)
        #expect(try Socket.receiveBufferSize(server) == 32768)
        try Socket.setNoDelay(client, false)
        #expect(try !Socket.isNoDelay(client))
    }
}
