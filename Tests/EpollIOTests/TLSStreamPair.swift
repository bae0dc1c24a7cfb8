import EpollIO
import Glibc

/// A TLS client and server stream on the two ends of a non-blocking Unix socket pair, driven in
/// one thread by the tests: both ends go through ``Transport/tls`` as a loop's connections do.
final class TLSStreamPair {
    let client: Int32
    let server: Int32
    let scratch = TLSWriteScratch()

    /// Connects a pair and attaches a stream of `clientContext` and one of `serverContext`.
    init(client clientContext: TLSContext, server serverContext: TLSContext) throws {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &ends) == 0 else {
            throw SocketError("socketpair")
        }
        client = ends[0]
        server = ends[1]
        guard clientContext.attachStream(to: client, scratch: scratch) != nil,
            serverContext.attachStream(to: server, scratch: scratch) != nil
        else { throw SocketError("attach a TLS stream", errorNumber: EINVAL) }
    }

    deinit {
        Transport.tls.close(client)
        Transport.tls.close(server)
    }

    var clientStream: TLSStream { TLSStreams.shared.stream(client) }
    var serverStream: TLSStream { TLSStreams.shared.stream(server) }

    /// Steps both handshakes in turn until neither waits any more (at most 20 rounds each);
    /// returns where each ended.
    func handshake() -> (client: TLSHandshakeResult, server: TLSHandshakeResult) {
        var clientResult = TLSHandshakeResult.wantsReadable
        var serverResult = TLSHandshakeResult.wantsReadable
        for _ in 0..<20 {
            if clientResult.awaitedEvents != nil { clientResult = Transport.tls.handshake(client) }
            if serverResult.awaitedEvents != nil { serverResult = Transport.tls.handshake(server) }
            if clientResult.awaitedEvents == nil && serverResult.awaitedEvents == nil { break }
        }
        return (clientResult, serverResult)
    }

    /// Reads everything `fd`'s stream has now (until it would block); appends it to `into`.
    /// Returns the result that stopped the reading.
    @discardableResult
    func drain(_ fd: Int32, into received: inout [UInt8]) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            let result = buffer.withUnsafeMutableBytes { Transport.tls.read(fd, into: $0.baseAddress!, count: $0.count) }
            guard case .bytes(let n) = result else { return result }
            received += buffer.prefix(n)
        }
    }
}
