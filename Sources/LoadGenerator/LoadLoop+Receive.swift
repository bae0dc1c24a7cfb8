import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

extension LoadLoop {
    /// Reads echoes from an open (or closing) connection.
    func readFrames(_ fd: Int32) {
        let c = connections[fd]
        // One read per readiness event, plus more while the transport holds input epoll cannot see
        // (TLS read-ahead); a connection closed while processing has a closed lifecycle.
        repeat {
            guard readOnce(fd, c) else { return }
        } while c.pointee.lifecycle.state != .closed && c.pointee.transport.hasBufferedInput(fd)
    }

    /// One read and what follows from it. False when there is nothing more to read now.
    private func readOnce(_ fd: Int32, _ c: UnsafeMutablePointer<LoadConnection>) -> Bool {
        switch receive.read(from: fd, via: c.pointee.transport) {
        case .received(let buffer):
            counters.bytesRead &+= buffer.count
            now = MonotonicClock.nanoseconds()
            processFrames(fd, buffer)
            return true
        case .wouldBlock:
            return false
        case .endOfFile, .error:
            let action = c.pointee.lifecycle.endOfStream()
            if action == .drop(.unexpectedClose) {
                if !c.pointee.reader.frames.isAtFrameBoundary {
                    shared.note("the server closed the connection in the middle of a frame, without a close frame (unexpected_close)")
                } else if c.pointee.reader.assembler.isInsideMessage {
                    shared.note("the server closed the connection in the middle of a fragmented message, without a close frame (unexpected_close)")
                } else {
                    shared.note("the server closed connections without a close frame (server stopped or killed?)")
                }
            }
            perform(action, fd)
            return false
        }
    }

    /// Verifies every echo in `buffer`, answers pings and close frames, and (closed loop) sends the
    /// next message for each echo. Ends with one write.
    func processFrames(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) {
        let c = connections[fd]
        var cursor = 0
        loop: while true {
            switch c.pointee.reader.next(buffer, cursor: &cursor) {
            case .message(let message):
                guard c.pointee.lifecycle.isOpen else { continue }
                if replyAny {
                    let answered = c.pointee.received
                    guard takeReply(fd, message) else { return }
                    if c.pointee.received == answered { continue }  // unsolicited: no request answered
                } else {
                    guard c.pointee.received < c.pointee.sent else {
                        // An echo of nothing we sent.
                        countMismatch(.sequenceMismatch)
                        continue
                    }
                    guard verify(fd, message) else { return }
                }
                if case .settle = c.pointee.lifecycle.echoReceived(received: c.pointee.received, quota: c.pointee.quota) {
                    connections.settle(c)
                }
                if case .closedLoop = pacing, stages.stage == .running, c.pointee.sent < c.pointee.quota {
                    connections.time(c, c.pointee.sent).pointee = now
                    guard appendMessage(fd) else { return }
                }
            case .ping(let payload):
                // RFC 6455 §5.5.3 lets a pong answer only the latest ping: while the server is not
                // reading our bytes, pongs past this backlog are dropped, so pings it keeps sending
                // cannot grow what we hold for it without bound.
                if c.pointee.outbound.pendingByteCount + send.used >= Self.pongBacklogLimit { continue }
                if send.room < 256 { guard flush(fd) else { return } }
                appendControl(.pong, UnsafeRawBufferPointer(payload))
            case .pong:
                break
            case .close(let close):
                if let http2 { http2.streams[Int(fd)].closeFrameSeen = true }
                if c.pointee.lifecycle.isOpen {
                    shared.note("the server sent close \(close.code.map { String($0.rawValue) } ?? "without code") during the run")
                }
                perform(c.pointee.lifecycle.closeReceived(close.code), fd)
                return
            case .incomplete:
                break loop
            case .failure(let error):
                if c.pointee.lifecycle.isOpen {
                    shared.note("protocol error in the echo stream: \(error); closed with \(error.closeCode) (protocol_error)")
                } else {
                    shared.note("protocol error in the echo stream while closing: \(error)")
                }
                perform(c.pointee.lifecycle.protocolError(error.closeCode), fd)
                return
            }
        }
        flush(fd)
    }

    /// Checks one echo against the message it answers (opcode, length, stamp, bytes) and records its
    /// latency. False if the connection had to be closed (a compressed echo that does not inflate).
    @inline(__always)
    func verify(_ fd: Int32, _ message: Message) -> Bool {
        let c = connections[fd]
        let k = c.pointee.received
        c.pointee.received = k &+ 1
        outstanding &-= 1
        counters.messagesReceived &+= 1
        let sentAt = connections.time(c, k).pointee
        guard let payload = receivedPayload(of: message, fd) else { return false }
        let template = messages.template(connection: c.pointee.number, message: k)
        if message.opcode != messages.opcode {
            countMismatch(.opcodeMismatch)
        } else if payload.count != template.count {
            countMismatch(.lengthMismatch)
        } else if let problem = compare(payload, template, SequenceStamp.value(connection: c.pointee.number, message: k)) {
            countMismatch(problem)
        }
        if sentAt >= plan.measureFrom {
            interval.recordLatency(now &- sentAt)
            counters.measuredMessagesReceived &+= 1
            counters.measuredPayloadBytes &+= template.count
        }
        return true
    }

    /// The payload of a message from `fd`'s server: where it lies, or inflated when it is compressed
    /// (and then validated, like the reader validates an uncompressed one). Nil if it does not
    /// inflate: the connection is then closed as `protocol_error`.
    @inline(__always)
    func receivedPayload(of message: Message, _ fd: Int32) -> UnsafeRawBufferPointer? {
        guard message.isCompressed else { return UnsafeRawBufferPointer(message.payload) }
        guard let session = connections[fd].pointee.session else {
            abandon(fd, .protocolError)
            return nil
        }
        do {
            return try session.payload(of: message)
        } catch {
            shared.note("a compressed \(replyAny ? "reply" : "echo") did not inflate: \(error)")
            abandon(fd, .protocolError)
            return nil
        }
    }

    /// Counts a failed verification, explaining the kind the first time this thread sees it.
    func countMismatch(_ kind: LoadErrorKind) {
        counters.count(kind)
        guard counters[kind] == 1 else { return }
        switch kind {
        case .opcodeMismatch:
            shared.note("echoes came back with another opcode than their messages (opcode_mismatch)")
        case .lengthMismatch:
            shared.note("echoes came back with another length than their messages (length_mismatch)")
        case .sequenceMismatch:
            shared.note("echoes carried other messages' sequence stamps: the server dropped, duplicated or reordered messages (sequence_mismatch)")
        default:
            shared.note("echoes differed from the messages sent: the server corrupted payload bytes (content_mismatch)")
        }
    }

    /// Compares an echoed payload of the right length with the template and stamp: nil when equal.
    @inline(__always)
    func compare(_ payload: UnsafeRawBufferPointer, _ template: PayloadTemplate, _ stampValue: UInt64) -> LoadErrorKind? {
        guard let echo = payload.baseAddress, template.count > 0 else { return nil }
        let stampEnd = template.stampOffset + template.stampWidth
        if template.stampOffset > 0 && memcmp(echo, template.bytes, template.stampOffset) != 0 { return misdelivery(payload, template) }
        if template.count > stampEnd && memcmp(echo + stampEnd, template.bytes + stampEnd, template.count - stampEnd) != 0 {
            return misdelivery(payload, template)
        }
        let stamp = SequenceStamp.words(stampValue)
        if template.stampWidth == SequenceStamp.width {
            let first = (echo + template.stampOffset).loadUnaligned(as: UInt64.self)
            let second = (echo + template.stampOffset + 8).loadUnaligned(as: UInt64.self)
            if first == stamp.0 && second == stamp.1 { return nil }
        } else {
            let equal = withUnsafeBytes(of: stamp) { memcmp(echo + template.stampOffset, $0.baseAddress!, template.stampWidth) == 0 }
            if equal { return nil }
        }
        // A stamp of hex digits belongs to another message; anything else is damage.
        for i in template.stampOffset..<stampEnd {
            let byte = echo.load(fromByteOffset: i, as: UInt8.self)
            let isHex = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
            if !isHex { return .contentMismatch }
        }
        return .sequenceMismatch
    }

    /// An echo whose content differs from its template: `sequenceMismatch` if it is, stamp and all,
    /// another message of the run (with pools of distinct messages, a dropped, repeated or reordered
    /// echo differs in content too), else `contentMismatch`. Only on the mismatch path.
    @inline(never)
    func misdelivery(_ payload: UnsafeRawBufferPointer, _ template: PayloadTemplate) -> LoadErrorKind {
        guard template.stampWidth == SequenceStamp.width, let echo = payload.baseAddress,
            let value = SequenceStamp.value(at: echo + template.stampOffset)
        else { return .contentMismatch }
        let other = messages.template(connection: value >> 40, message: value & 0xFF_FFFF_FFFF)
        guard other.count == payload.count, other.stampOffset == template.stampOffset else { return .contentMismatch }
        let stampEnd = other.stampOffset + other.stampWidth
        let same = memcmp(echo, other.bytes, other.stampOffset) == 0
            && memcmp(echo + stampEnd, other.bytes + stampEnd, other.count - stampEnd) == 0
        return same ? .sequenceMismatch : .contentMismatch
    }
}
