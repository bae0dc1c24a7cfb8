import EpollIO
import PerMessageDeflate
import Glibc
import WebSocketCore

extension ServerLoop {
    /// Reads from an upgraded connection and echoes every complete message.
    func readFrames(_ fd: Int32) {
        let c = connection(fd)
        switch receive.read(from: fd) {
        case .received(let buffer):
            counters.bytesReceived &+= buffer.count
            c.pointee.lastActivity = now
            c.pointee.pingOutstanding = false
            processFrames(fd, buffer)
        case .wouldBlock:
            return
        case .endOfFile:
            // After our close, end of stream is the normal end; otherwise the peer vanished.
            closeConnection(fd, abrupt: c.pointee.phase != .closing)
        case .error:
            closeConnection(fd, abrupt: true)
        }
    }

    /// Echoes the messages in `buffer` (which may start mid-frame), answers pings and close frames,
    /// and fails the connection on a protocol error. Ends with one flush.
    func processFrames(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) {
        let c = connection(fd)
        let bufferStart = UnsafeRawPointer(buffer.baseAddress!)
        let bufferEnd = bufferStart + buffer.count
        var cursor = 0
        loop: while true {
            switch c.pointee.reader.next(buffer, cursor: &cursor) {
            case .message(let message):
                guard c.pointee.phase == .open else { continue }
                if let session = c.pointee.deflate {
                    if let error = echoOnCompressedConnection(fd, message, session) {
                        counters.protocolErrors &+= 1
                        batch.appendClose(CloseFrame(code: error.closeCode))
                        closeAfterFlush(fd)
                        break loop
                    }
                    guard c.pointee.phase != .free else { return }
                    continue
                }
                batch.append(FrameHeader(opcode: message.opcode, payloadLength: 0), payload: UnsafeRawBufferPointer(message.payload))
                counters.messagesEchoed &+= 1
                if configuration.injectedDelayNanoseconds > 0 { spin(nanoseconds: configuration.injectedDelayNanoseconds) }
                if let start = message.payload.baseAddress, message.payload.count > WriteBatch.copyThreshold,
                    !(UnsafeRawPointer(start) >= bufferStart && UnsafeRawPointer(start) < bufferEnd)
                {
                    // Gathered in the connection's message buffer, which the next message reuses.
                    guard flush(fd) else { return }
                }
            case .ping(let payload):
                if c.pointee.phase == .open {
                    batch.append(FrameHeader(opcode: .pong, payloadLength: 0), payload: UnsafeRawBufferPointer(payload))
                }
            case .pong:
                break
            case .close(let close):
                if c.pointee.phase == .closing {
                    // The answer to our close: the handshake is complete.
                    flush(fd)
                    closeConnection(fd)
                    return
                }
                // Answer with the same code (an empty close answers an empty close).
                batch.appendClose(CloseFrame(code: close.code))
                closeAfterFlush(fd)
                break loop
            case .incomplete:
                break loop
            case .failure(let error):
                if c.pointee.phase == .closing {
                    flush(fd)
                    closeConnection(fd, abrupt: true)
                    return
                }
                counters.protocolErrors &+= 1
                batch.appendClose(CloseFrame(code: error.closeCode))
                closeAfterFlush(fd)
                break loop
            }
            if !batch.hasRoom {
                guard flush(fd) else { return }
            }
        }
        flush(fd)
    }

    /// Echoes one message on a permessage-deflate connection: inflate (with the size cap), validate
    /// text, and send it back compressed again (or not, per the configuration and minimum size).
    /// Returns the error that fails the connection, if any.
    func echoOnCompressedConnection(_ fd: Int32, _ message: Message, _ session: DeflateSession) -> ProtocolError? {
        let payload: UnsafeRawBufferPointer
        do {
            payload = try session.payload(of: message)
        } catch {
            return error
        }
        counters.messagesEchoed &+= 1
        if configuration.injectedDelayNanoseconds > 0 { spin(nanoseconds: configuration.injectedDelayNanoseconds) }
        if configuration.compressReplies, let compressed = session.compress(payload) {
            batch.append(FrameHeader(reservedBits: FrameHeader.rsv1, opcode: message.opcode, payloadLength: 0), payload: compressed)
        } else {
            batch.append(FrameHeader(opcode: message.opcode, payloadLength: 0), payload: payload)
        }
        // Large payloads are referenced, and the loop's deflate/inflate buffers are reused by the
        // next message: send now.
        if payload.count > WriteBatch.copyThreshold || !batch.hasRoom { flush(fd) }
        return nil
    }

    /// Burns CPU for `nanoseconds` (the debug slowdown of ``ServerConfiguration/injectedDelayNanoseconds``).
    func spin(nanoseconds: Int) {
        let end = MonotonicClock.nanoseconds() &+ Int64(nanoseconds)
        while MonotonicClock.nanoseconds() < end {}
    }

    /// The batch holds a final answer (close frame or HTTP response): once it has been sent, shut
    /// down the sending side (``finishClosing(_:)``). A peer that does not read may never let it go
    /// out, so the close timeout starts now: the connection is dropped when it passes either way.
    func closeAfterFlush(_ fd: Int32) {
        enterClosePhase(fd, .closeAfterFlush)
    }

    /// A queued final answer has been sent: shut down our side and wait for the peer to go.
    func finishClosing(_ fd: Int32) {
        try? Socket.shutdown(fd, .write)
        enterClosePhase(fd, .closing)
    }

    /// Moves `fd` to `phase` with the close timeout counted from now.
    private func enterClosePhase(_ fd: Int32, _ phase: ConnectionPhase) {
        let c = connection(fd)
        c.pointee.phase = phase
        c.pointee.phaseDeadline = now &+ configuration.closeTimeoutMilliseconds
        wheel.schedule(fd, at: c.pointee.phaseDeadline)
    }

    /// Reads and drops input while an answer drains, or after an HTTP answer until the peer's end
    /// of stream (its bytes no longer matter). An end while still draining is abrupt.
    func discardInput(_ fd: Int32) {
        switch receive.read(from: fd) {
        case .received, .wouldBlock: return
        case .endOfFile: closeConnection(fd, abrupt: connection(fd).pointee.phase != .closing)
        case .error: closeConnection(fd, abrupt: true)
        }
    }
}
