import BenchSupport
import EpollIO
import Glibc
import Harness
import Testing

/// Many loopback connections that never complete the WebSocket upgrade: each is connected, sends
/// its opening bytes (possibly none) and then nothing more. Records when each connect started and
/// when the server ended it, and closes every socket when it goes away.
final class HalfOpenClients {
    /// Client sockets, in connection order.
    private(set) var descriptors: [Int32] = []
    /// Monotonic seconds at which each connect was started.
    private(set) var connectStartedAt: [Double] = []
    /// Monotonic seconds at which the server's end of stream was seen, or nil while open.
    private(set) var endedAt: [Double?] = []
    /// How each connection ended: true for end of stream (FIN), false for an error (RST).
    private(set) var endedCleanly: [Bool] = []
    private let epoll: Epoll

    /// Opens `count` connections to 127.0.0.1:`port`; connection `i` sends `opening(i)` right after
    /// connecting. After every `batch` connections, `settle(connectedSoFar)` runs: it should wait
    /// until the server has accepted them, so that its accept queue never overflows (an overflow
    /// drops the SYN, and a blocking connect then waits a whole second to retry) however slowly a
    /// busy machine lets the server run. Throws if a connect fails.
    init(port: Int, count: Int, batch: Int = 1000, opening: (Int) -> [UInt8], settle: (Int) throws -> Void) throws {
        epoll = try Epoll(maximumEventsPerWait: 1024)
        descriptors.reserveCapacity(count)
        let address = SocketAddress(host: "127.0.0.1", port: UInt16(port))!
        for i in 0..<count {
            // Before the connect: the server cannot have accepted (and started its timer) earlier.
            connectStartedAt.append(SystemClock.monotonicSeconds())
            let fd = try Self.connect(address)
            descriptors.append(fd)
            let bytes = opening(i)
            if !bytes.isEmpty {
                let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent == bytes.count else { throw SocketError("send", errorNumber: errno) }
            }
            try epoll.add(fd, events: [.readable, .readHangup, .oneShot], userData: UInt64(i))
            if (i + 1) % batch == 0 || i + 1 == count { try settle(i + 1) }
        }
        endedAt = Array(repeating: nil, count: count)
        endedCleanly = Array(repeating: false, count: count)
    }

    deinit { closeAll() }

    /// Closes every client socket.
    func closeAll() {
        for fd in descriptors { Glibc.close(fd) }
        descriptors = []
    }

    var count: Int { connectStartedAt.count }
    var endedCount: Int { endedAt.count { $0 != nil } }

    /// Notes every connection the server has ended, waiting up to `seconds` for all to end.
    func waitForEnds(seconds: Double) throws {
        let deadline = SystemClock.monotonicSeconds() + seconds
        var byte: UInt8 = 0
        while endedCount < count {
            let left = deadline - SystemClock.monotonicSeconds()
            if left <= 0 { return }
            for event in try epoll.wait(timeoutMilliseconds: Int32(min(left, 0.1) * 1000) + 1) {
                let i = Int(event.userData)
                // The server never sends these connections anything: the one read gives the end.
                let n = recv(descriptors[i], &byte, 1, Int32(MSG_DONTWAIT))
                endedAt[i] = SystemClock.monotonicSeconds()
                endedCleanly[i] = n == 0
            }
        }
    }

    /// A blocking connect on a close-on-exec socket (loopback answers at once).
    private static func connect(_ address: SocketAddress) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket", errorNumber: errno) }
        let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        guard result == 0 else {
            let error = errno
            Glibc.close(fd)
            throw SocketError("connect", errorNumber: error)
        }
        return fd
    }
}
