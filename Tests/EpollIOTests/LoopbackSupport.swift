import EpollIO
import Testing

/// Helpers shared by the loopback tests: every wait is bounded (a few seconds at most).
enum Loopback {
    /// 127.0.0.1 port 0.
    static let anyPort = SocketAddress(host: "127.0.0.1", port: 0)!

    /// Waits until `fd` reports any of `events` (bounded); returns what it reported.
    static func wait(_ fd: Int32, for events: EpollEvents, timeoutMilliseconds: Int32 = 5000) throws -> EpollEvents {
        let epoll = try Epoll(maximumEventsPerWait: 4)
        try epoll.add(fd, events: events, userData: UInt64(fd))
        let ready = try epoll.wait(timeoutMilliseconds: timeoutMilliseconds)
        return ready.first?.events ?? []
    }

    /// Accepts one connection, waiting (bounded) for it to arrive.
    static func acceptOne(_ listener: Int32) throws -> Int32 {
        for _ in 0..<10 {
            switch Socket.accept(listener) {
            case .accepted(let fd): return fd
            case .wouldBlock: _ = try wait(listener, for: .readable, timeoutMilliseconds: 500)
            case .error(let error): throw SocketError("accept", errorNumber: error)
            }
        }
        throw SocketError("accept", errorNumber: 110 /* ETIMEDOUT */)
    }

    /// Connects `destination` (from `source` if given) and waits for completion.
    static func connect(_ destination: SocketAddress, from source: SocketAddress? = nil) throws -> Int32 {
        switch try Socket.connect(to: destination, from: source) {
        case .connected(let fd):
            return fd
        case .inProgress(let fd):
            _ = try wait(fd, for: .writable)
            try Socket.finishConnect(fd)
            return fd
        }
    }

    /// A connected pair over 127.0.0.1: (client, server). The listener is closed.
    static func pair(clientSource: SocketAddress? = nil) throws -> (client: Int32, server: Int32) {
        let listener = try Socket.makeListener(address: anyPort)
        defer { Socket.close(listener) }
        let destination = try Socket.localAddress(listener)
        let client = try connect(destination, from: clientSource)
        let server = try acceptOne(listener)
        return (client, server)
    }

    /// Writes all of `bytes` to a (non-blocking) fd, waiting for room (bounded).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        var attempts = 0
        while offset < bytes.count {
            attempts += 1
            #expect(attempts < 10_000)
            if attempts >= 10_000 { return }
            let result = bytes.withUnsafeBytes { Socket.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .written(let n): offset += n
            case .wouldBlock: _ = try wait(fd, for: .writable)
            case .error(let error): throw SocketError("write", errorNumber: error)
            }
        }
    }

    /// Reads exactly `count` bytes (bounded waits); fewer if the peer closes.
    static func readExactly(_ fd: Int32, count: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var attempts = 0
        while result.count < count, attempts < 10_000 {
            attempts += 1
            let want = min(chunk.count, count - result.count)
            let outcome = chunk.withUnsafeMutableBytes { Socket.read(fd, into: $0.baseAddress!, count: want) }
            switch outcome {
            case .bytes(let n): result += chunk[0..<n]
            case .wouldBlock: _ = try wait(fd, for: .readable)
            case .endOfFile: return result
            case .error(let error): throw SocketError("read", errorNumber: error)
            }
        }
        return result
    }
}
