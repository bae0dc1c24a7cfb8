import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

extension LoadLoop {
    /// A connection just opened: in closed loop, put its first messages in flight. False if the
    /// connection is gone.
    func startSending(_ fd: Int32) -> Bool {
        guard case .closedLoop(let inFlight) = pacing, stages.stage == .running else { return true }
        let c = connections[fd]
        var n = inFlight
        while n > 0 && c.pointee.sent < c.pointee.quota {
            connections.time(c, c.pointee.sent).pointee = now
            guard appendMessage(fd) else { return false }
            n -= 1
        }
        return true
    }

    /// Writes the next message of `fd` (stamped, masked while copied, compressed if negotiated)
    /// into the send buffer, flushing first if it is full. Its (intended) send time must already be
    /// in the time ring. False if the connection was closed.
    @inline(__always)
    func appendMessage(_ fd: Int32) -> Bool {
        if send.room < send.frameRoom {
            guard flush(fd) else { return false }
        }
        let c = connections[fd]
        let k = c.pointee.sent
        let template = messages.template(connection: c.pointee.number, message: k)
        let stamp = SequenceStamp.words(SequenceStamp.value(connection: c.pointee.number, message: k))
        let key = keys.next()
        let destination = send.end
        if let session = c.pointee.session, let compressed = compress(session, template, stamp) {
            let header = FrameHeader(reservedBits: FrameHeader.rsv1, opcode: messages.opcode, maskingKey: key, payloadLength: compressed.count)
            send.used &+= FrameEncoder.encode(header, payload: compressed, into: destination)
        } else {
            let header = FrameHeader(opcode: messages.opcode, maskingKey: key, payloadLength: template.count)
            let headerLength = header.encode(into: destination)
            let payload = destination + headerLength
            Masking.copy(UnsafeRawBufferPointer(start: template.bytes, count: template.count), to: payload, key: key)
            writeMaskedStamp(stamp, template, payload, key)
            send.used &+= headerLength &+ template.count
        }
        c.pointee.sent = k &+ 1
        if case .closedLoop = pacing { outstanding &+= 1 }  // open loop counted it when it fell due
        counters.messagesSent &+= 1
        let intended = connections.time(c, k).pointee
        if intended >= plan.measureFrom {
            counters.measuredMessagesSent &+= 1
            // Open loop: how late the tool itself is, to the clock read of the pass that sends it.
            if case .openLoop = pacing { sendLag.recordLatency(now &- intended) }
        }
        return true
    }

    /// Overwrites the (masked) blank stamp of a masked payload with the masked stamp.
    @inline(__always)
    func writeMaskedStamp(_ stamp: (UInt64, UInt64), _ template: PayloadTemplate, _ payload: UnsafeMutableRawPointer, _ key: MaskingKey) {
        let key64 = UInt64(key.packed) | UInt64(key.packed) << 32
        if template.stampWidth == SequenceStamp.width {
            // The stamp starts at a multiple of 4, where the key starts over.
            (payload + template.stampOffset).storeBytes(of: stamp.0 ^ key64, as: UInt64.self)
            (payload + template.stampOffset + 8).storeBytes(of: stamp.1 ^ key64, as: UInt64.self)
        } else {
            withUnsafeBytes(of: stamp) { digits in
                for i in 0..<template.stampWidth {
                    let at = template.stampOffset + i
                    payload.storeBytes(of: digits[i] ^ key[at], toByteOffset: at, as: UInt8.self)
                }
            }
        }
    }

    /// The stamped payload, deflated; nil when the session sends it uncompressed.
    func compress(_ session: DeflateSession, _ template: PayloadTemplate, _ stamp: (UInt64, UInt64)) -> UnsafeRawBufferPointer? {
        let staging = send.staging
        staging.copyMemory(from: template.bytes, byteCount: template.count)
        withUnsafeBytes(of: stamp) { digits in
            (staging + template.stampOffset).copyMemory(from: digits.baseAddress!, byteCount: template.stampWidth)
        }
        return session.compress(UnsafeRawBufferPointer(start: staging, count: template.count))
    }

    /// Writes a (masked) control frame into the send buffer.
    func appendControl(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        let header = FrameHeader(opcode: opcode, maskingKey: keys.next(), payloadLength: payload.count)
        send.used &+= FrameEncoder.encode(header, payload: payload, into: send.end)
    }

    /// Writes a (masked) close frame into the send buffer.
    func appendClose(_ close: CloseFrame) {
        send.used &+= FrameEncoder.encodeClose(close, maskingKey: keys.next(), into: send.end)
    }

    /// Sends the send buffer to `fd` with one write through its transport, behind whatever its
    /// outbound buffer holds; what the kernel does not take waits in the outbound buffer. False if
    /// the connection closed.
    @discardableResult
    func flush(_ fd: Int32) -> Bool {
        let count = send.used
        guard count > 0 else { return true }
        if http2 != nil { return flushStream(slot: Int(fd)) }
        let bytes = send.bytes
        send.used = 0
        counters.bytesWritten &+= count
        let c = connections[fd]
        if !c.pointee.outbound.isEmpty {
            keepUnsent(c, bytes)
            return true  // EPOLLOUT is on: onWritable sends it
        }
        switch c.pointee.transport.write(fd, bytes) {
        case .written(let n):
            if n == count { return true }
            keepUnsent(c, UnsafeRawBufferPointer(rebasing: bytes[n...]))
        case .wouldBlock:
            keepUnsent(c, bytes)
        case .error:
            return perform(c.pointee.lifecycle.writeFailed(), fd)
        }
        c.pointee.lastSendProgressAt = now
        c.pointee.watchingWritable = true
        updateInterest(fd)
        return true
    }

    /// Puts bytes the socket did not take in the connection's outbound buffer (the slow path).
    /// What waits there is bounded: closed loop sends only in answer to echoes, and open loop adds
    /// messages only once the buffer has drained, at most its window of them.
    func keepUnsent(_ c: UnsafeMutablePointer<LoadConnection>, _ bytes: UnsafeRawBufferPointer) {
        c.pointee.outbound.append(bytes)
        let pending = c.pointee.outbound.pendingByteCount
        if pending > counters.maximumUnsentBytes { counters.maximumUnsentBytes = pending }
    }

    /// The socket has room again: send what waits, then (open loop) messages that fell due meanwhile.
    func onWritable(_ fd: Int32) {
        let c = connections[fd]
        c.pointee.lastSendProgressAt = now
        switch c.pointee.outbound.flush(to: fd, via: c.pointee.transport) {
        case .drained:
            c.pointee.watchingWritable = false
            c.pointee.outbound.release()
            updateInterest(fd)
            if case .openLoop = pacing { sendBacklog(fd) }
        case .pending:
            return
        case .error:
            perform(c.pointee.lifecycle.writeFailed(), fd)
        }
    }

    /// Open loop: sends the messages of `fd` that are due but not sent, in one write. Messages that
    /// fell due while the socket was full still go out while draining: they were due within the run.
    func sendBacklog(_ fd: Int32) {
        let c = connections[fd]
        guard stages.stage == .running || stages.stage == .draining, c.pointee.lifecycle.isOpen else { return }
        while c.pointee.sent < c.pointee.scheduled {
            guard appendMessage(fd) else { return }
        }
        flush(fd)
    }
}
