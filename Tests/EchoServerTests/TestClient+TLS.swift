import EpollIO
import Glibc

/// TLS for the test client: after ``startTLS(_:)`` its socket is non-blocking and every send and
/// receive goes through the `.tls` transport (as the server's loops use it), waiting with `poll`
/// for the readiness OpenSSL asks for, up to 5 seconds each time.
extension TestClient {
    /// Runs the TLS handshake as a client of `context`; the result is `.complete` or why not.
    func startTLS(_ context: TLSContext) -> TLSHandshakeResult {
        let scratch = TLSWriteScratch()
        guard context.attachStream(to: fd, scratch: scratch) != nil else { return .failed("cannot attach a TLS stream") }
        tlsScratch = scratch
        transport = .tls
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        while true {
            let result = transport.handshake(fd)
            guard let events = result.awaitedEvents else { return result }
            guard waitFor(events == .writable ? Int16(POLLOUT) : Int16(POLLIN)) else { return .failed("handshake timed out") }
        }
    }

    /// The client's TLS stream (after ``startTLS(_:)``).
    var tlsStream: TLSStream { TLSStreams.shared.stream(fd) }

    /// Sends `bytes` over TLS, retrying the unsent rest (as OpenSSL requires) when writable again.
    func tlsSend(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { transport.write(fd, from: $0.baseAddress! + offset, count: bytes.count - offset) }
            switch result {
            case .written(let n): offset += n
            case .wouldBlock: guard waitFor(Int16(POLLOUT)) else { return }
            case .error: return
            }
        }
    }

    /// Reads what TLS has (at least one byte); nil at the end of the stream, on an error or after 5 s.
    func tlsReceive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            let result = buffer.withUnsafeMutableBytes { transport.read(fd, into: $0.baseAddress!, count: $0.count) }
            switch result {
            case .bytes(let n): return Array(buffer.prefix(n))
            case .wouldBlock:
                let events = transport.readWaitsForWritable(fd) ? Int16(POLLOUT) : Int16(POLLIN)
                guard waitFor(events) else { return nil }
            case .endOfFile, .error: return nil
            }
        }
    }

    /// What the next TLS read gives once something arrives: the end of the stream, an error
    /// (`EPROTO` for a TCP close without close_notify when that is not ignored), or bytes.
    func tlsReadOutcome() -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let result = buffer.withUnsafeMutableBytes { transport.read(fd, into: $0.baseAddress!, count: $0.count) }
            guard result == .wouldBlock, waitFor(Int16(POLLIN)) else { return result }
        }
    }

    /// Waits up to `milliseconds` (5 s unless told) for `events` (`POLLIN`/`POLLOUT`) on the socket;
    /// false on a timeout.
    func waitFor(_ events: Int16, milliseconds: Int32 = 5_000) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        return poll(&entry, 1, milliseconds) == 1
    }
}
