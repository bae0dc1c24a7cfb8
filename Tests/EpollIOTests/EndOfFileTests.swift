import EpollIO
import Testing

@Suite("Peer close")
struct EndOfFileTests {
    @Test("Reading after the peer closes returns the data, then endOfFile; epoll reports readHangup")
    func endOfFileAfterClose() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(server) }
        try Loopback.writeAll(client, [1, 2, 3])
        Socket.close(client)

        let events = try Loopback.wait(server, for: [.readable, .readHangup])
        #expect(events.contains(.readable))
        #expect(events.contains(.readHangup))
        var buffer = [UInt8](repeating: 0, count: 16)
        let first = buffer.withUnsafeMutableBytes { Socket.read(server, into: $0.baseAddress!, count: 16) }
        #expect(first == .bytes(3))
        #expect(buffer[0..<3] == [1, 2, 3])
        let second = buffer.withUnsafeMutableBytes { Socket.read(server, into: $0.baseAddress!, count: 16) }
        #expect(second == .endOfFile)
    }

    @Test("shutdown(write) delivers endOfFile while the other direction still works")
    func halfClose() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        try Socket.shutdown(client, .write)
        _ = try Loopback.wait(server, for: .readable)
        let receive = ReceiveBuffer(capacity: 64)
        guard case .endOfFile = receive.read(from: server) else {
            Issue.record("expected endOfFile")
            return
        }
        try Loopback.writeAll(server, [9, 8])
        #expect(try Loopback.readExactly(client, count: 2) == [9, 8])
    }

    @Test("Reading an idle connection returns wouldBlock")
    func idleReadWouldBlock() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        let receive = ReceiveBuffer(capacity: 64)
        guard case .wouldBlock = receive.read(from: server) else {
            Issue.record("expected wouldBlock")
            return
        }
    }
}
