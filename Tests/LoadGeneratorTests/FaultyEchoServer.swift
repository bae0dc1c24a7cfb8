import EpollIO
import Glibc
import Synchronization
import WebSocketCore

/// A deliberately imperfect echo server for tests: one thread, blocking sockets with 5-second
/// timeouts, one connection at a time, built on the frame engine's server-side reader. Behaviours
/// that hold a connection open (never answering, never reading) keep it until ``stop()`` and go on
/// accepting meanwhile.
final class FaultyEchoServer: Sendable {
    /// What it does to the handshake and the echoes.
    enum Behaviour: Sendable {
        /// Echo faithfully.
        case faithful
        /// Flip the bits of the last payload byte of every echo.
        case flipLastByte
        /// Answer every message with the first message's payload (stamps go stale).
        case repeatFirstPayload
        /// Echo this many messages, then drop the connection without a close frame.
        case vanishAfter(Int)
        /// Accept permessage-deflate and echo frames verbatim (compressed bytes and RSV1 included).
        case acceptDeflate
        /// Read the upgrade request and never answer it.
        case neverAnswerHandshake
        /// Answer the upgrade with a 101 whose `Sec-WebSocket-Accept` belongs to another key.
        case wrongAcceptKey
        /// Echo this many messages, then send the next echo masked (forbidden from a server).
        case maskedEchoAfter(Int)
        /// Echo this many messages faithfully, then flip the last payload byte of every later echo.
        case corruptAfter(Int)
        /// Echo this many messages, then send the next echo's header and half its payload, and close.
        case closeMidFrameAfter(Int)
        /// Echo this many messages, then send the first half of the next echo as a non-final
        /// fragment, and close.
        case closeMidMessageAfter(Int)
        /// Echo this many messages, then never read again (with a 256 KiB receive buffer, so the
        /// client's socket fills soon).
        case stopReadingAfter(Int)
        /// Echo faithfully, but never answer a close frame (nor close the connection).
        case ignoreClose
        /// After the upgrade, never read, and send this many megabytes of 125-byte pings.
        case floodPingsWithoutReading(megabytes: Int)
        /// Answer the upgrade choosing this subprotocol, offered or not (nil: the first one offered,
        /// if any), then echo faithfully.
        case chooseSubprotocol(String?)
        /// Answer message *n* with a text message of its own (`reply n` and n mod 7 dots), never an echo.
        case replyNumbered
        /// Send a text message in the same write as the 101 (before any request), then echo faithfully.
        case speakFirst
    }

    /// The message ``Behaviour/speakFirst`` sends with the 101.
    static let greeting = "hello from the server"

    /// How a connection's handling ended.
    enum Ending {
        /// Close the connection.
        case close
        /// Keep it open, unread, until the server stops.
        case hold
    }

    let port: Int
    let listener: Int32
    let behaviour: Behaviour
    let group: EventLoopThreadGroup
    let echoed = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
    /// The code of the last close frame a client sent (0: none yet; 1005: one without a code).
    let closeCodeReceived = Atomic<Int>(0)
    /// Every upgrade request head received, in order.
    let requestHeads = Mutex<[HTTPRequestHead]>([])

    init(_ behaviour: Behaviour) throws {
        let (fd, port) = boundLoopbackSocket()
        listen(fd, 16)
        self.port = port
        listener = fd
        self.behaviour = behaviour
        let box = ServerHandoff<FaultyEchoServer>()
        group = try EventLoopThreadGroup.start(count: 1) { _ in box.server?.serve() }
        box.set(self)
    }

    /// Stops accepting and waits for the thread (once: later calls do nothing).
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        group.join()
        close(listener)
    }

    func serve() {
        var held: [Int32] = []
        defer { for fd in held { close(fd) } }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 { return }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var readsLittle = false
            switch behaviour {
            case .stopReadingAfter, .floodPingsWithoutReading: readsLittle = true
            default: break
            }
            if readsLittle {
                var size: Int32 = 256 << 10
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
            switch handle(fd) {
            case .close: close(fd)
            case .hold: held.append(fd)
            }
        }
    }

    /// Sends all of `bytes`; false if a send failed (the client went, or 5 s without progress).
    @discardableResult
    func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// An unmasked final text frame carrying `text`.
    static func textFrame(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        var frame = [UInt8](repeating: 0, count: payload.count + 14)
        let n = payload.withUnsafeBytes { bytes in
            frame.withUnsafeMutableBytes {
                FrameEncoder.encode(FrameHeader(opcode: .text, payloadLength: bytes.count), payload: bytes, into: $0.baseAddress!)
            }
        }
        return Array(frame.prefix(n))
    }

    func handle(_ fd: Int32) -> Ending {
        // The request head.
        var head: [UInt8] = []
        var parser = HTTPRequestParser()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var leftover: [UInt8] = []
        var extensions: String? = nil
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return .close }
            head += chunk[0..<n]
            let result = head.withUnsafeBytes { parser.parse($0) }
            guard case .complete(let request, let consumed) = result else {
                if case .failed = result { return .close }
                continue
            }
            guard let upgrade = try? UpgradeRequest(validating: request) else { return .close }
            requestHeads.withLock { $0.append(request) }
            var subprotocol: String? = nil
            var greeting: [UInt8] = []
            switch behaviour {
            case .neverAnswerHandshake:
                return .hold
            case .wrongAcceptKey:
                // The accept value of RFC 6455's sample key, whatever the client's key was.
                let accept = WebSocketAccept.value(forKey: "dGhlIHNhbXBsZSBub25jZQ==")
                _ = HandshakeResponse.switchingProtocols(accept: accept).withUnsafeBytes { sendAll(fd, $0) }
                while chunk.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
                return .close
            case .acceptDeflate:
                if upgrade.extensions?.contains("permessage-deflate") == true { extensions = "permessage-deflate" }
            case .chooseSubprotocol(let name):
                subprotocol = name ?? upgrade.subprotocols.first
            case .speakFirst:
                greeting = Self.textFrame(Self.greeting)
            default:
                break
            }
            let response = HandshakeResponse.switchingProtocols(for: upgrade, extensions: extensions, subprotocol: subprotocol)
            _ = (response + greeting).withUnsafeBytes { sendAll(fd, $0) }
            leftover = Array(head[consumed...])
            break
        }
        var reader = MessageReader(role: .server, allowedReservedBits: extensions == nil ? 0 : FrameHeader.rsv1)
        var first: [UInt8]? = nil
        let out = UnsafeMutableRawPointer.allocate(byteCount: (16 << 20) + 16, alignment: 16)
        defer { out.deallocate() }
        var pending = leftover
        if case .floodPingsWithoutReading(let megabytes) = behaviour {
            // 1000 pings per send, so the flood outpaces the client.
            let ping = [UInt8](repeating: 0x70, count: 125)
            var frame = [UInt8](repeating: 0, count: 256)
            let n = ping.withUnsafeBytes { payload in
                frame.withUnsafeMutableBytes { FrameEncoder.encode(FrameHeader(opcode: .ping, payloadLength: 125), payload: payload, into: $0.baseAddress!) }
            }
            let block = Array(Array(repeating: frame[0..<n], count: 1000).joined())
            for _ in 0..<(megabytes << 20) / block.count {
                guard block.withUnsafeBytes({ sendAll(fd, $0) }) else { break }
            }
            return .hold
        }
        while true {
            if pending.isEmpty {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { return .close }
                pending = Array(chunk[0..<n])
            }
            var buffer = pending
            pending = []
            let ending = buffer.withUnsafeMutableBytes { raw -> Ending? in
                var cursor = 0
                while true {
                    switch reader.next(raw, cursor: &cursor) {
                    case .message(let message):
                        let count = echoed.load(ordering: .relaxed)
                        var payload = Array(UnsafeRawBufferPointer(message.payload))
                        var header = FrameHeader(
                            reservedBits: message.isCompressed ? FrameHeader.rsv1 : 0, opcode: message.opcode,
                            payloadLength: payload.count)
                        var length: Int? = nil  // bytes of the encoded echo to send before closing
                        switch behaviour {
                        case .vanishAfter(let limit) where count >= limit:
                            return .close
                        case .stopReadingAfter(let limit) where count >= limit:
                            return .hold
                        case .flipLastByte:
                            if !payload.isEmpty { payload[payload.count - 1] ^= 0xFF }
                        case .corruptAfter(let limit) where count >= limit:
                            if !payload.isEmpty { payload[payload.count - 1] ^= 0xFF }
                        case .repeatFirstPayload:
                            if first == nil { first = payload }
                            payload = first!
                        case .maskedEchoAfter(let limit) where count >= limit:
                            header.maskingKey = MaskingKey(0x12, 0x34, 0x56, 0x78)
                        case .closeMidFrameAfter(let limit) where count >= limit:
                            length = header.encodedLength + payload.count / 2
                        case .closeMidMessageAfter(let limit) where count >= limit:
                            header.fin = false
                            payload = Array(payload.prefix(payload.count / 2))
                            length = .max  // the whole fragment
                        case .replyNumbered:
                            payload = Array("reply \(count)".utf8) + [UInt8](repeating: UInt8(ascii: "."), count: count % 7)
                            header = FrameHeader(opcode: .text, payloadLength: payload.count)
                        default:
                            break
                        }
                        let n = payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: out) }
                        sendAll(fd, UnsafeRawBufferPointer(start: out, count: min(n, length ?? n)))
                        if length != nil { return .close }
                        echoed.add(1, ordering: .relaxed)
                    case .close(let close):
                        closeCodeReceived.store(Int(close.code?.rawValue ?? 1005), ordering: .relaxed)
                        if case .ignoreClose = behaviour { return .hold }
                        let n = FrameEncoder.encodeClose(CloseFrame(code: close.code), maskingKey: nil, into: out)
                        sendAll(fd, UnsafeRawBufferPointer(start: out, count: n))
                        return .close
                    case .ping, .pong:
                        continue
                    case .incomplete:
                        return nil
                    case .failure:
                        return .close
                    }
                }
            }
            if let ending { return ending }
        }
    }
}
