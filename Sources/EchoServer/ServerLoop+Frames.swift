import EpollIO
import PerMessageDeflate
import WebSocketCore

extension ServerLoop {
    /// Reads from an upgraded connection and echoes every complete message.
    func readFrames(_ fd: Int32) {
        let c = connection(fd)
        // One read per readiness event, plus more while the transport holds input epoll cannot see.
        repeat {
            switch receive.read(from: fd, via: c.pointee.transport) {
            case .received(let buffer):
                counters.bytesReceived &+= buffer.count
                c.pointee.lifecycle.received(at: now)
                processFrames(EchoTarget(fd: fd), buffer)
            case .wouldBlock:
                inputWouldBlock(fd)
                return
            case .endOfFile:
                perform(c.pointee.lifecycle.endOfStream(), on: fd)
                return
            case .error:
                perform(c.pointee.lifecycle.transportFailed(), on: fd)
                return
            }
        } while c.pointee.lifecycle.isInUse && c.pointee.transport.hasBufferedInput(fd)
    }

    /// Echoes the messages in `buffer` (which may start mid-frame), answers pings and close frames,
    /// and fails the WebSocket on a protocol error (what a close or an error leads to is the
    /// lifecycle's decision). Ends with one flush. `target` is an HTTP/1.1 connection's socket or an
    /// HTTP/2 stream: only where the batch goes (``flushEcho(_:)``) differs.
    func processFrames(_ target: EchoTarget, _ buffer: UnsafeMutableRawBufferPointer) {
        let c = state(of: target)
        let bufferStart = UnsafeRawPointer(buffer.baseAddress!)
        let bufferEnd = bufferStart + buffer.count
        var cursor = 0
        while true {
            switch c.pointee.reader.next(buffer, cursor: &cursor) {
            case .message(let message):
                guard c.pointee.lifecycle.isEchoing else { continue }
                if let session = c.pointee.deflate {
                    if let error = echoOnCompressedConnection(target, message, session) {
                        endRead(target, with: c.pointee.lifecycle.protocolError(error, at: now, timeouts))
                        return
                    }
                    guard c.pointee.lifecycle.isInUse else { return }
                    continue
                }
                batch.append(FrameHeader(opcode: message.opcode, payloadLength: 0), payload: UnsafeRawBufferPointer(message.payload))
                counters.messagesEchoed &+= 1
                if configuration.injectedDelayNanoseconds > 0 { spin(nanoseconds: configuration.injectedDelayNanoseconds) }
                if let start = message.payload.baseAddress, message.payload.count > WriteBatch.copyThreshold,
                    !(UnsafeRawPointer(start) >= bufferStart && UnsafeRawPointer(start) < bufferEnd)
                {
                    // Gathered in the connection's message buffer, which the next message reuses.
                    guard flushEcho(target) else { return }
                }
            case .ping(let payload):
                if c.pointee.lifecycle.isEchoing {
                    batch.append(FrameHeader(opcode: .pong, payloadLength: 0), payload: UnsafeRawBufferPointer(payload))
                }
            case .pong:
                break
            case .close(let close):
                // Bytes behind a close frame are ignored.
                endRead(target, with: c.pointee.lifecycle.peerClosed(close.code, at: now, timeouts))
                return
            case .incomplete:
                flushEcho(target)
                return
            case .failure(let error):
                endRead(target, with: c.pointee.lifecycle.protocolError(error, at: now, timeouts))
                return
            }
            if !batch.hasRoom {
                guard flushEcho(target) else { return }
            }
        }
    }

    /// The reader, deflate session and lifecycle of `target`'s WebSocket.
    @inline(__always)
    func state(of target: EchoTarget) -> UnsafeMutablePointer<ServerConnection> {
        if let stream = target.stream { return stream._withUnsafeGuaranteedRef { $0.state } }
        return connection(target.fd)
    }

    /// Sends what the batch holds for `target`: to the socket (HTTP/1.1), or queued as the stream's
    /// DATA (HTTP/2). Returns false if the WebSocket is gone.
    @inline(__always)
    @discardableResult
    func flushEcho(_ target: EchoTarget) -> Bool {
        if let stream = target.stream { return flushToStream(target.fd, stream.takeUnretainedValue()) }
        return flush(target.fd)
    }

    /// Performs what `target`'s lifecycle decided.
    @inline(__always)
    func performEcho(_ action: ServerConnectionAction, _ target: EchoTarget) {
        if case .none = action { return }
        if let stream = target.stream {
            performStreamAction(action, target.fd, stream.takeUnretainedValue())
        } else {
            performAction(action, on: target.fd)
        }
    }

    /// Performs the action that ends the processing of a read (a close, an error), then sends what
    /// the batch still holds: the rest of the read is ignored.
    func endRead(_ target: EchoTarget, with action: ServerConnectionAction) {
        performEcho(action, target)
        if !batch.isEmpty && state(of: target).pointee.lifecycle.isInUse { flushEcho(target) }
        // A close or error may leave the batch holding bytes for a WebSocket that is gone.
        if !batch.isEmpty { batch.reset() }
    }

    /// Echoes one message on a permessage-deflate connection: inflate (with the size cap), validate
    /// text, and send it back compressed again (or not, per the configuration and minimum size).
    /// Returns the error that fails the connection, if any.
    func echoOnCompressedConnection(_ target: EchoTarget, _ message: Message, _ session: DeflateSession) -> ProtocolError? {
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
        if payload.count > WriteBatch.copyThreshold || !batch.hasRoom { flushEcho(target) }
        return nil
    }

    /// Burns CPU for `nanoseconds` (the debug slowdown of ``ServerConfiguration/injectedDelayNanoseconds``).
    func spin(nanoseconds: Int) {
        let end = MonotonicClock.nanoseconds() &+ Int64(nanoseconds)
        while MonotonicClock.nanoseconds() < end {}
    }

    /// Reads and drops input while an answer drains, or after an HTTP answer until the peer's end
    /// of stream (its bytes no longer matter). An end while still draining is abrupt.
    func discardInput(_ fd: Int32) {
        let c = connection(fd)
        switch receive.read(from: fd, via: c.pointee.transport) {
        case .received: return
        case .wouldBlock: inputWouldBlock(fd)
        case .endOfFile: perform(c.pointee.lifecycle.endOfStream(), on: fd)
        case .error: perform(c.pointee.lifecycle.transportFailed(), on: fd)
        }
    }
}
