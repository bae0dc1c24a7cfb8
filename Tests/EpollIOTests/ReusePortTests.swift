import EpollIO
import Testing

@Suite("SO_REUSEPORT")
struct ReusePortTests {
    @Test("Two listeners share one port and between them accept every connection")
    func twoListenersOnePort() throws {
        let first = try Socket.makeListener(address: Loopback.anyPort, reusePort: true)
        defer { Socket.close(first) }
        let port = try Socket.localAddress(first).port
        let second = try Socket.makeListener(address: Loopback.anyPort.withPort(port), reusePort: true)
        defer { Socket.close(second) }
        #expect(try Socket.localAddress(second).port == port)

        let connectionCount = 16
        var clients: [Int32] = []
        defer { for fd in clients { Socket.close(fd) } }
        for _ in 0..<connectionCount {
            clients.append(try Loopback.connect(Loopback.anyPort.withPort(port)))
        }

        let epoll = try Epoll()
        try epoll.add(first, events: .readable, userData: 0)
        try epoll.add(second, events: .readable, userData: 1)
        var accepted = [0, 0]
        var iterations = 0
        while accepted[0] + accepted[1] < connectionCount, iterations < 100 {
            iterations += 1
            for event in try epoll.wait(timeoutMilliseconds: 1000) {
                let listener = event.userData == 0 ? first : second
                while case .accepted(let fd) = Socket.accept(listener) {
                    accepted[Int(event.userData)] += 1
                    Socket.close(fd)
                }
            }
        }
        #expect(accepted[0] + accepted[1] == connectionCount)
    }

    @Test("Without SO_REUSEPORT a second listener on the port fails with EADDRINUSE")
    func withoutReusePort() throws {
        let first = try Socket.makeListener(address: Loopback.anyPort)
        defer { Socket.close(first) }
        let port = try Socket.localAddress(first).port
        #expect(throws: SocketError.self) {
            let fd = try Socket.makeListener(address: Loopback.anyPort.withPort(port))
            Socket.close(fd)
        }
        do {
            let fd = try Socket.makeListener(address: Loopback.anyPort.withPort(port))
            Socket.close(fd)
        } catch {
            #expect(error.errorNumber == 98)  // EADDRINUSE
            #expect(error.operation.description == "bind")
        }
    }
}
