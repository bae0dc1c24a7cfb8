import EpollIO

#if canImport(Glibc)
import Glibc
#endif

/// The live dashboard's HTTP server: one thread of its own (not pinned, so not on the load loops'
/// CPUs), one connection at a time, `Connection: close`. It serves ``DashboardPage`` at `/` and the
/// ``DashboardFeed`` at `/data.json`; it reads only what the progress line already computed, so the
/// load loops do no extra work for it. A client that sends nothing for a second is dropped.
public final class DashboardServer: Sendable {
    /// The port listened on (the one asked for, or the one picked for port 0).
    public let port: UInt16
    let group: EventLoopThreadGroup

    /// Listens on `host:port` (default loopback) and starts the thread.
    public static func start(host: String = "127.0.0.1", port: UInt16, feed: DashboardFeed) throws(SocketError) -> DashboardServer {
        guard let address = SocketAddress(host: host, port: port) else { throw SocketError("dashboard address (not a numeric address)", errorNumber: EINVAL) }
        let listener = try Socket.makeListener(address: address, backlog: 16)
        let bound: UInt16
        do throws(SocketError) {
            bound = try Socket.localAddress(listener).port
        } catch {
            Socket.close(listener)
            throw error
        }
        let group = try EventLoopThreadGroup.start(count: 1) { loop in
            Self.serve(listener: listener, loop: loop, feed: feed)
            Socket.close(listener)
        }
        return DashboardServer(port: bound, group: group)
    }

    init(port: UInt16, group: EventLoopThreadGroup) {
        self.port = port
        self.group = group
    }

    /// Stops the thread and closes the listener.
    public func stop() {
        group.requestStop()
        group.join()
    }

    static func serve(listener: Int32, loop: EventLoopThread, feed: DashboardFeed) {
        var descriptors = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: loop.waker.fileDescriptor, events: Int16(POLLIN), revents: 0)]
        while !loop.isStopRequested {
            guard poll(&descriptors, 2, 500) > 0 else { continue }
            if descriptors[1].revents != 0 { _ = loop.waker.drain() }
            guard descriptors[0].revents != 0 else { continue }
            while case .accepted(let fd) = Socket.accept(listener) {
                answer(fd, feed: feed, loop: loop)
                Socket.close(fd)
            }
        }
    }

    /// Reads one request (at most a second, at most ``DashboardRequest/limit`` bytes) and writes the answer.
    static func answer(_ fd: Int32, feed: DashboardFeed, loop: EventLoopThread) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var request = DashboardRequest.incomplete
        var waited = 0
        while request == .incomplete && waited < 1000 && !loop.isStopRequested {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { waited += 100; continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if count <= 0 { return }
            received += buffer[..<count]
            request = DashboardRequest.parse(received)
        }
        guard request != .incomplete else { return }
        let response = request.response(feed: feed)
        var offset = 0
        waited = 0
        while offset < response.count && waited < 1000 {
            let written = response.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 { offset += written; continue }
            if written < 0 && errno != EAGAIN && errno != EINTR { return }
            var descriptor = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&descriptor, 1, 100) == 0 { waited += 100 }
        }
    }
}
