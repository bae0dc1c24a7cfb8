import EpollIO
import Testing

@Suite("Loopback echo through Epoll")
struct EchoRoundTripTests {
    /// A tiny single-threaded echo loop: the listener, the server side and the client
    /// side share one epoll set; the client sends `messageCount` messages one at a time
    /// and checks each echo.
    @Test("listen, accept, connect, read and write round trip", arguments: [false, true])
    func echoRoundTrip(edgeTriggered: Bool) throws {
        let mode: EpollEvents = edgeTriggered ? .edgeTriggered : []
        let listener = try Socket.makeListener(address: Loopback.anyPort, backlog: 16)
        defer { Socket.close(listener) }
        let destination = try Socket.localAddress(listener)
        #expect(destination.port != 0)

        let epoll = try Epoll(maximumEventsPerWait: 16)
        try epoll.add(listener, events: [.readable, mode], userData: UInt64(listener))
        let client = try Socket.connect(to: destination).fileDescriptor
        defer { Socket.close(client) }
        try epoll.add(client, events: [.readable, .writable, mode], userData: UInt64(client))

        let receive = ReceiveBuffer(capacity: 4096)
        var server: Int32 = -1
        var clientConnected = false
        var sent = 0
        var echoed: [UInt8] = []
        let messageCount = 50
        func message(_ i: Int) -> [UInt8] { Array("message \(i)".utf8) }

        var iterations = 0
        while echoed.count < messageCount, iterations < 10_000 {
            iterations += 1
            for event in try epoll.wait(timeoutMilliseconds: 2000) {
                let fd = event.fileDescriptor
                if fd == listener {
                    while case .accepted(let accepted) = Socket.accept(listener) {
                        try Socket.setNoDelay(accepted)
                        try epoll.add(accepted, events: [.readable, .readHangup, mode], userData: UInt64(accepted))
                        server = accepted
                    }
                } else if fd == server {
                    // Echo everything readable (until wouldBlock, as edge-triggered needs).
                    readLoop: while true {
                        switch receive.read(from: server) {
                        case .received(let bytes):
                            #expect(Socket.write(server, UnsafeRawBufferPointer(bytes)) == .written(bytes.count))
                        case .wouldBlock, .endOfFile: break readLoop
                        case .error(let error): throw SocketError("read", errorNumber: error)
                        }
                    }
                } else if fd == client {
                    if !clientConnected, event.events.contains(.writable) {
                        try Socket.finishConnect(client)
                        clientConnected = true
                        try epoll.modify(client, events: [.readable, mode], userData: UInt64(client))
                        _ = message(0).withUnsafeBytes { Socket.write(client, $0) }
                        sent = 1
                    }
                    if event.events.contains(.readable) {
                        let expected = message(echoed.count)
                        let reply = try Loopback.readExactly(client, count: expected.count)
                        #expect(reply == expected)
                        echoed.append(0)
                        if sent < messageCount {
                            _ = message(sent).withUnsafeBytes { Socket.write(client, $0) }
                            sent += 1
                        }
                    }
                }
            }
        }
        #expect(echoed.count == messageCount)
        #expect(server >= 0)
        if server >= 0 { Socket.close(server) }
    }

    @Test("IPv6 loopback listener accepts a connection")
    func ipv6RoundTrip() throws {
        let address = try #require(SocketAddress("[::1]:0"))
        let listener: Int32
        do {
            listener = try Socket.makeListener(address: address)
        } catch {
            // No IPv6 on this host: EADDRNOTAVAIL / EAFNOSUPPORT are the only acceptable failures.
            #expect(error.errorNumber == 99 || error.errorNumber == 97)
            return
        }
        defer { Socket.close(listener) }
        let destination = try Socket.localAddress(listener)
        #expect(destination.family == address.family)
        let client = try Loopback.connect(destination, from: SocketAddress("[::1]:0"))
        defer { Socket.close(client) }
        let server = try Loopback.acceptOne(listener)
        defer { Socket.close(server) }
        try Loopback.writeAll(client, Array("over v6".utf8))
        #expect(try Loopback.readExactly(server, count: 7) == Array("over v6".utf8))
        #expect(try Socket.peerAddress(server).host == "::1")
    }

    @Test("Connecting to a port nobody listens on reports ECONNREFUSED")
    func connectionRefused() throws {
        let listener = try Socket.makeListener(address: Loopback.anyPort)
        let destination = try Socket.localAddress(listener)
        Socket.close(listener)
        do {
            let fd = try Loopback.connect(destination)
            Socket.close(fd)
            Issue.record("connect to a closed port succeeded")
        } catch let error as SocketError {
            #expect(error.errorNumber == 111)  // ECONNREFUSED
        }
    }
}
