import EpollIO
import Glibc
import WebSocketCore

/// A blocking WebSocket client for tests: real loopback socket, 5-second receive timeout so no test
/// can hang, frames built and read with the frame engine.
final class TestClient {
    let fd: Int32
    var reader: MessageReader
    /// Bytes read but not yet parsed (after the HTTP head).
    var leftover: [UInt8] = []
    var handshake: ClientHandshake? = nil
    /// How bytes cross the socket: plain TCP unless ``startTLS(_:)`` made it TLS.
    var transport: Transport = .plainTCP
    /// The record-sized buffer TLS writes gather in (allocated by ``startTLS(_:)``).
    var tlsScratch: TLSWriteScratch? = nil

    init(port: Int, maximumMessageLength: Int = 64 << 20) throws {
        reader = MessageReader(role: .client, maximumMessageLength: maximumMessageLength)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system("socket", errno) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TestClientError.system("connect", errno)
        }
    }

    deinit { transport.close(fd) }

    func send(_ bytes: [UInt8]) {
        if transport == .tls { return tlsSend(bytes) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads once; nil at end of stream, error or timeout.
    func receive() -> [UInt8]? {
        if transport == .tls { return tlsReceive() }
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer.prefix(n)) : nil
    }

    /// Reads until the peer closes (or 5 s of silence); returns everything read.
    func receiveAll() -> [UInt8] {
        var all: [UInt8] = []
        while let bytes = receive() { all += bytes }
        return all
    }

    /// Reads an HTTP response head (and what follows until the server closes) as text.
    func httpResponse() -> String { String(decoding: receiveAll(), as: UTF8.self) }

    /// Performs the opening handshake; returns the result (nil if the server closed first).
    func upgrade(path: String = "/ws", origin: String? = nil, extensions: String? = nil) -> ClientHandshakeResult? {
        var h = ClientHandshake(host: "127.0.0.1", path: path, keyBytes: ClientHandshake.randomKeyBytes(), origin: origin, extensionOffer: extensions)
        send(h.request())
        var received: [UInt8] = []
        while true {
            guard let bytes = receive() else { return nil }
            received += bytes
            let result = received.withUnsafeBytes { h.parseResponse($0) }
            switch result {
            case .incomplete: continue
            case .accepted(let acceptance):
                leftover = Array(received[acceptance.consumed...])
                handshake = h
                return result
            case .failed: return result
            }
        }
    }

    /// Sends one masked frame with a random key.
    func sendFrame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, reservedBits: UInt8 = 0, masked: Bool = true) {
        let key = masked ? MaskingKey(packed: UInt32.random(in: .min ... .max)) : nil
        let header = FrameHeader(fin: fin, reservedBits: reservedBits, opcode: opcode, maskingKey: key, payloadLength: payload.count)
        var out = [UInt8](repeating: 0, count: FrameEncoder.frameLength(payloadLength: payload.count, masked: masked))
        _ = out.withUnsafeMutableBytes { dst in payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: dst.baseAddress!) } }
        send(out)
    }

    /// The next thing the server sent: a message, control frame or failure; nil when the connection
    /// ended (or 5 s passed) first.
    func next() -> Received? {
        while true {
            var chunk = leftover
            leftover = []
            if !chunk.isEmpty {
                var result: Received? = nil
                var consumed = 0
                chunk.withUnsafeMutableBytes { buffer in
                    var cursor = 0
                    switch reader.next(buffer, cursor: &cursor) {
                    case .incomplete: break
                    case .message(let m): result = .message(m.opcode, Array(m.payload))
                    case .ping(let p): result = .ping(Array(p))
                    case .pong(let p): result = .pong(Array(p))
                    case .close(let c): result = .close(c.code?.rawValue, c.reason)
                    case .failure(let e): result = .failure(e)
                    }
                    consumed = cursor
                }
                leftover = Array(chunk[consumed...])
                if let result { return result }
                // All bytes were taken (the reader keeps partial state): read more.
                leftover = []
            }
            guard let bytes = receive() else { return nil }
            leftover = bytes
        }
    }

    /// ``next()``, passing over the server's keep-alive pings (which need no answer: any traffic
    /// counts as activity).
    func nextSkippingPings() -> Received? {
        while true {
            let received = next()
            if case .ping = received { continue }
            return received
        }
    }

    /// True when the server has closed the TCP connection (end of stream within 5 s).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    /// Sends `bytes` until done or the first error; returns nil when all went, else the `errno`
    /// (a peer that already closed gives `EPIPE` or `ECONNRESET`).
    func sendReportingError(_ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : EPIPE }
            offset += n
        }
        return nil
    }

    /// Waits up to `milliseconds` for the server's end of stream or a reset, without reading; true
    /// once either has arrived.
    func peerHasClosed(waitingMilliseconds milliseconds: Int32) -> Bool {
        let readHangup: Int16 = 0x2000  // POLLRDHUP, which Swift's Glibc module hides
        var entry = pollfd(fd: fd, events: readHangup, revents: 0)
        guard poll(&entry, 1, milliseconds) == 1 else { return false }
        return entry.revents & (readHangup | Int16(POLLHUP | POLLERR)) != 0
    }

    /// Reads and drops whatever arrives until the connection ends; true if it ended (end of stream
    /// or reset) within 5 s of silence.
    func drainUntilClosed() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { continue }
            if n == 0 { return true }
            if errno == EINTR { continue }
            return errno == ECONNRESET
        }
    }
}

/// What the test client saw.
enum Received: Equatable {
    case message(Opcode, [UInt8])
    case ping([UInt8])
    case pong([UInt8])
    case close(UInt16?, String)
    case failure(ProtocolError)
}

enum TestClientError: Error {
    case system(String, Int32)
}
