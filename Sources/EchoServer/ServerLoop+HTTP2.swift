import CNghttp2
import EpollIO
import HTTP2
import PerMessageDeflate
import WebSocketCore

/// WebSockets over HTTP/2 (RFC 8441): nghttp2 owns an HTTP/2 connection's bytes; each extended-CONNECT
/// stream is one WebSocket whose DATA feeds `processFrames` exactly as a socket read does (same reader,
/// deflate step and lifecycle, kept per stream in an ``HTTP2StreamSlot``), and whose echoes are queued
/// as the stream's DATA instead of written to the socket.
///
/// Bytes flow `read` → `nghttp2_session_mem_recv` (callbacks: request headers → answer; DATA chunks →
/// `processFrames`) → `nghttp2_session_mem_send` (frames gathered in the loop's write scratch) → one
/// write per scratch-full; what the socket does not take goes to the connection's `OutboundBuffer`.
extension ServerLoop {
    // MARK: Connection

    /// Hands connection `fd` (cleartext after the preface was seen, or TLS after ALPN chose `h2`) to
    /// HTTP/2; `initialBytes` are what was already read (they start with the client preface).
    func startHTTP2(_ fd: Int32, initialBytes: UnsafeMutableRawBufferPointer?) {
        let c = connection(fd)
        guard let h2 = HTTP2ServerConnection(loop: self, fd: fd) else {
            perform(.drop(.abrupt), on: fd)
            return
        }
        http2Connections[fd] = h2
        c.pointee.isHTTP2 = true
        c.pointee.handshake = nil
        counters.http2Connections &+= 1
        perform(c.pointee.lifecycle.http2Started(at: now, timeouts), on: fd)
        if let initialBytes, !feedHTTP2(fd, h2, initialBytes) { return }
        sendHTTP2(fd)
    }

    /// Readiness of an HTTP/2 connection: send what is pending, then read.
    func handleHTTP2(_ fd: Int32, _ events: EpollEvents) {
        let c = connection(fd)
        if events.contains(.writable) {
            switch c.pointee.outbound.flush(to: fd, via: c.pointee.transport) {
            case .drained, .pending: sendHTTP2(fd)
            case .error:
                perform(c.pointee.lifecycle.transportFailed(), on: fd)
                return
            }
        }
        guard c.pointee.lifecycle.isInUse else { return }
        if events.contains(.readable) || events.contains(.hangup) || events.contains(.error)
            || (c.pointee.inputWaitsForWritable && events.contains(.writable))
        {
            readHTTP2(fd)
        }
    }

    /// Reads from an HTTP/2 connection into nghttp2, then sends what it has to say.
    func readHTTP2(_ fd: Int32) {
        let c = connection(fd)
        guard let h2 = http2Connections[fd] else { return }
        repeat {
            switch receive.read(from: fd, via: c.pointee.transport) {
            case .received(let buffer):
                counters.bytesReceived &+= buffer.count
                c.pointee.lifecycle.received(at: now)
                guard feedHTTP2(fd, h2, buffer) else { return }
            case .wouldBlock:
                inputWouldBlock(fd)
                sendHTTP2(fd)
                return
            case .endOfFile:
                // The connection's end is not counted as abrupt: WebSockets still open on it are, each
                // in its own right (an HTTP/2 client with no stream open may simply leave; browsers do).
                perform(.drop(.orderly), on: fd)
                return
            case .error:
                perform(c.pointee.lifecycle.transportFailed(), on: fd)
                return
            }
        } while c.pointee.lifecycle.isInUse && !c.pointee.readingPaused && c.pointee.transport.hasBufferedInput(fd)
        sendHTTP2(fd)
    }

    /// Gives nghttp2 the bytes read; false (and the connection dropped, after whatever GOAWAY nghttp2
    /// queued) if they broke HTTP/2 at the connection level.
    func feedHTTP2(_ fd: Int32, _ h2: HTTP2ServerConnection, _ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        let result = nghttp2_session_mem_recv(h2.session, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.count)
        if result >= 0 { return true }
        counters.protocolErrors &+= 1
        sendHTTP2(fd)
        if connection(fd).pointee.lifecycle.isInUse { closeConnection(fd, abrupt: true) }
        return false
    }

    /// Takes every frame nghttp2 has ready (as long as the connection's unsent bytes stay under the
    /// high-water mark), gathers them in the loop's write scratch and writes them (a large DATA
    /// payload is written from the stream's output in place, ``http2SendData(_:_:_:_:)``); then
    /// decides what the connection's state allows next (resume reading, end a shutdown, close when
    /// both sides are done).
    func sendHTTP2(_ fd: Int32) {
        let c = connection(fd)
        guard c.pointee.lifecycle.isInUse, let h2 = http2Connections[fd] else { return }
        let scratch = http2WriteScratch
        scratch.used = 0
        while c.pointee.outbound.pendingByteCount <= configuration.backpressure.high {
            var data: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(h2.session, &data)
            if n < 0 {
                if h2.writeFailed {
                    perform(c.pointee.lifecycle.transportFailed(), on: fd)
                } else {
                    counters.protocolErrors &+= 1
                    closeConnection(fd, abrupt: true)
                }
                return
            }
            if n == 0 { break }
            if scratch.used &+ n > scratch.capacity {
                guard writeHTTP2(fd, UnsafeRawBufferPointer(start: scratch.bytes, count: scratch.used)) else { return }
                scratch.used = 0
            }
            if n > scratch.capacity {
                guard writeHTTP2(fd, UnsafeRawBufferPointer(start: data, count: n)) else { return }
            } else {
                (scratch.bytes + scratch.used).copyMemory(from: data!, byteCount: n)
                scratch.used &+= n
            }
        }
        if scratch.used > 0 {
            let used = scratch.used
            scratch.used = 0
            guard writeHTTP2(fd, UnsafeRawBufferPointer(start: scratch.bytes, count: used)) else { return }
        }
        let pending = c.pointee.outbound.pendingByteCount
        let watch = pending > 0 || nghttp2_session_want_write(h2.session) != 0
        let pause = pending > 0 && (c.pointee.readingPaused
            ? !configuration.backpressure.shouldResumeReading(pendingBytes: pending)
            : configuration.backpressure.shouldPauseReading(pendingBytes: pending))
        if pause && !c.pointee.readingPaused { counters.backpressurePauses &+= 1 }
        if watch != c.pointee.watchingWritable || pause != c.pointee.readingPaused {
            c.pointee.watchingWritable = watch
            c.pointee.readingPaused = pause
            updateInterest(fd)
        }
        guard pending == 0 else { return }
        if c.pointee.outbound.allocatedByteCount != 0 { c.pointee.outbound.release() }
        if nghttp2_session_want_read(h2.session) == 0 && nghttp2_session_want_write(h2.session) == 0 {
            // Both sides are done (the peer's GOAWAY and no stream left, or a fatal error nghttp2 answered).
            closeConnection(fd, abrupt: false)
            return
        }
        if h2.goAwaySubmitted && h2.streams.isEmpty && nghttp2_session_want_write(h2.session) == 0 {
            // Shutting down (or idle) and every stream is over: our last word has gone.
            perform(c.pointee.lifecycle.outputDrained(at: now, timeouts), on: fd)
        }
    }

    /// Writes `bytes` behind the connection's unsent bytes; false if the connection failed (dropped).
    func writeHTTP2(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let c = connection(fd)
        counters.bytesSent &+= bytes.count
        switch c.pointee.outbound.write(bytes, to: fd, via: c.pointee.transport) {
        case .drained, .pending:
            return true
        case .error:
            perform(c.pointee.lifecycle.transportFailed(), on: fd)
            return false
        }
    }

    /// Frees the HTTP/2 state of connection `fd` (it is closing): every stream, then the session.
    func closeHTTP2(_ fd: Int32) {
        guard let h2 = http2Connections.removeValue(forKey: fd) else { return }
        for slot in h2.streams.values { streamGone(slot, abrupt: true) }
        h2.streams.removeAll()
        connection(fd).pointee.isHTTP2 = false
    }

    /// Performs a connection-level lifecycle action on an HTTP/2 connection: a keep-alive ping is an
    /// HTTP/2 PING; an idle timeout or shutdown closes every WebSocket (1001) and sends GOAWAY; the
    /// rest is as for HTTP/1.1.
    func performHTTP2ConnectionAction(_ action: ServerConnectionAction, _ fd: Int32) {
        guard let h2 = http2Connections[fd] else { return }
        switch action {
        case .none:
            return
        case .schedule(let deadline):
            armHTTP2Timer(fd, deadline)
        case .cancelTimer:
            return
        case .sendPing(let nextCheck):
            counters.pingsSent &+= 1
            _ = nghttp2_submit_ping(h2.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
            if let nextCheck { armHTTP2Timer(fd, nextCheck) }
            sendHTTP2(fd)
        case .sendClose(_, let reason, let deadline):
            switch reason {
            case .protocolError: counters.protocolErrors &+= 1
            case .idleTimeout: counters.idleTimeouts &+= 1
            case .answer, .shuttingDown: break
            }
            for slot in Array(h2.streams.values) {
                if slot.isWebSocket && slot.state.pointee.lifecycle.isInUse {
                    performStreamAction(slot.state.pointee.lifecycle.shutdownRequested(at: now, timeouts), fd, slot)
                } else if !slot.isWebSocket && !slot.endStreamWhenDrained {
                    // A request still being read (its HEADERS not complete): nothing to finish.
                    h2.reset(slot.id, NGHTTP2_REFUSED_STREAM)
                }
            }
            h2.submitGoAway()
            armHTTP2Timer(fd, deadline)
            sendHTTP2(fd)
        case .shutdownWriteSide(let deadline):
            connection(fd).pointee.transport.shutdownWrite(fd)
            armHTTP2Timer(fd, deadline)
        case .drop(let kind):
            if kind == .handshakeTimeout { counters.handshakeTimeouts &+= 1 }
            closeConnection(fd, abrupt: kind.isAbrupt)
        }
    }

    /// Makes sure connection `fd`'s timer fires by `deadline` (it serves the connection and all its streams).
    func armHTTP2Timer(_ fd: Int32, _ deadline: Int64) {
        if let current = wheel.deadline(of: fd), current <= deadline { return }
        wheel.schedule(fd, at: deadline)
    }

    /// The timer of HTTP/2 connection `fd` fired: every stream's lifecycle looks at its own time
    /// (keep-alive ping, idle close, close timeout), streams whose WebSocket is over but whose peer
    /// has not ended them are reset once their time is up, then the connection's lifecycle looks at
    /// its own; the timer is re-armed for the earliest next deadline.
    func http2TimerFired(_ fd: Int32) {
        guard let h2 = http2Connections[fd] else { return }
        var next = Int64.max
        for slot in Array(h2.streams.values) {
            if let deadline = slot.resetDeadline {
                if now >= deadline {
                    slot.resetDeadline = nil
                    h2.reset(slot.id, NGHTTP2_NO_ERROR)
                } else {
                    next = min(next, deadline)
                }
                continue
            }
            guard slot.isWebSocket && slot.state.pointee.lifecycle.isInUse else { continue }
            switch slot.state.pointee.lifecycle.timerFired(at: now, timeouts) {
            case .schedule(let deadline): next = min(next, deadline)
            case .cancelTimer, .none: break
            case let action: performStreamAction(action, fd, slot)
            }
        }
        let c = connection(fd)
        switch c.pointee.lifecycle.timerFired(at: now, timeouts) {
        case .schedule(let deadline): next = min(next, deadline)
        case .cancelTimer, .none: break
        case let action: performHTTP2ConnectionAction(action, fd)
        }
        guard c.pointee.lifecycle.isInUse, http2Connections[fd] != nil else { return }
        if next != Int64.max { armHTTP2Timer(fd, next) }
        sendHTTP2(fd)
    }

    // MARK: Streams (called from nghttp2's callbacks)

    /// A request's HEADERS begin on stream `id`: give it a slot.
    func http2RequestBegins(_ h2: HTTP2ServerConnection, _ id: Int32) {
        let slot = HTTP2StreamSlot(id: id, maximumMessageLength: configuration.maximumMessageLength)
        h2.streams[id] = slot
        nghttp2_session_set_stream_user_data(h2.session, id, Unmanaged.passUnretained(slot).toOpaque())
        counters.http2Streams &+= 1
        if h2.streams.count > counters.http2MaximumStreamsPerConnection {
            counters.http2MaximumStreamsPerConnection = h2.streams.count
        }
    }

    /// A request's headers are complete: open a WebSocket (RFC 8441), serve the test page, or answer
    /// with an error status on the stream.
    func http2RequestReceived(_ h2: HTTP2ServerConnection, _ slot: HTTP2StreamSlot) {
        let decision = HTTP2RequestDecision(slot.headers, webSocketPath: configuration.path, allowedOrigins: configuration.allowedOrigins)
        slot.headers = HTTP2RequestHeaders()
        switch decision {
        case .testPage:
            counters.httpResponses &+= 1
            pageBody.withUnsafeBytes { slot.output.append($0) }
            slot.endStreamWhenDrained = true
            h2.submitResponse(
                slot.id, status: 200,
                fields: [("content-type", "text/html; charset=utf-8"), ("content-length", String(pageBody.count))], hasBody: true)
        case .reject(let rejection):
            rejectStream(h2, slot, rejection)
        case .openWebSocket(let offers):
            if configuration.maximumConnections > 0 {
                let open = shared.openWebSockets.add(1, ordering: .relaxed).newValue
                if open > configuration.maximumConnections {
                    shared.openWebSockets.subtract(1, ordering: .relaxed)
                    rejectStream(h2, slot, .serviceUnavailable)
                    return
                }
            } else {
                shared.openWebSockets.add(1, ordering: .relaxed)
            }
            let state = slot.state
            _ = state.pointee.lifecycle.accepted(at: now, timeouts)
            let keepAlive = state.pointee.lifecycle.upgraded(at: now, timeouts)
            slot.isWebSocket = true
            counters.webSocketsOpened &+= 1
            counters.webSocketsOpenedHTTP2 &+= 1
            var fields: [(name: String, value: String)] = []
            if configuration.deflate.enableCompression, let offers,
                let acceptance = DeflateNegotiation.respond(toOffers: offers, options: configuration.deflate)
            {
                fields.append(("sec-websocket-extensions", acceptance.responseHeaderValue))
                state.pointee.deflate = DeflateSession(
                    parameters: acceptance.parameters, role: .server, compressionLevel: configuration.deflate.compressionLevel,
                    memoryLevel: configuration.deflate.memoryLevel, minimumMessageSize: configuration.deflate.minimumMessageSize,
                    maximumMessageSize: configuration.maximumMessageLength, deflateBuffer: deflateOutput,
                    inflateBuffer: inflateOutput)
                DeflateSession.allowCompressedFrames(on: &state.pointee.reader)
            }
            h2.submitResponse(slot.id, status: 200, fields: fields, hasBody: true)
            performStreamAction(keepAlive, h2.fd, slot)
        }
    }

    /// Answers a refused request with `rejection`'s status, fields and a short text body, then ends the stream.
    func rejectStream(_ h2: HTTP2ServerConnection, _ slot: HTTP2StreamSlot, _ rejection: HTTP2Rejection) {
        counters.httpResponses &+= 1
        let body = Array((rejection.message + "\n").utf8)
        body.withUnsafeBytes { slot.output.append($0) }
        slot.endStreamWhenDrained = true
        h2.submitResponse(
            slot.id, status: rejection.status,
            fields: [("content-type", "text/plain; charset=utf-8"), ("content-length", String(body.count))] + rejection.extraHeaders,
            hasBody: true)
    }

    /// DATA bytes arrived on stream `id` (a chunk of one DATA frame, in the receive buffer).
    func http2DataReceived(_ h2: HTTP2ServerConnection, _ id: Int32, _ data: UnsafeMutableRawBufferPointer) {
        _ = nghttp2_session_consume_connection(h2.session, data.count)
        guard let slot = h2.slot(id), slot.isWebSocket, slot.state.pointee.lifecycle.isInUse else {
            // A request body, or bytes for a WebSocket that is over: dropped.
            h2.consumeStream(id, data.count)
            return
        }
        let state = slot.state
        state.pointee.lifecycle.received(at: now)
        if state.pointee.lifecycle.input == .frames {
            processFrames(EchoTarget(fd: h2.fd, stream: slot), data)
        }
        if state.pointee.lifecycle.isInUse {
            h2.consumeStream(id, slot.window.received(data.count, pendingOutput: slot.output.pendingByteCount, configuration.backpressure))
        } else {
            h2.consumeStream(id, data.count)
        }
    }

    /// The peer ended its side of the stream (END_STREAM). After its close frame that is the RFC 8441
    /// close; while the WebSocket is open (no close frame) the peer vanished: the lifecycle decides.
    func http2RemoteEnded(_ h2: HTTP2ServerConnection, _ slot: HTTP2StreamSlot) {
        slot.remoteEnded = true
        guard slot.isWebSocket else { return }
        let lifecycle = slot.state.pointee.lifecycle
        // Answering the peer's close: our close frame and END_STREAM are on their way.
        guard lifecycle.isInUse, lifecycle.phase != .closeAfterFlush else { return }
        performStreamAction(lifecycle.endOfStream(), h2.fd, slot)
    }

    /// nghttp2 closed stream `id` (both sides ended, or a reset either way): free its slot.
    func http2StreamClosed(_ h2: HTTP2ServerConnection, _ id: Int32, errorCode: UInt32) {
        guard let slot = h2.streams.removeValue(forKey: id) else { return }
        nghttp2_session_set_stream_user_data(h2.session, id, nil)
        slot.output.giveStorage(to: http2OutputReserve)
        streamGone(slot, abrupt: errorCode != NGHTTP2_NO_ERROR.rawValue)
    }

    /// A stream's slot goes: a WebSocket still open on it ended abruptly.
    func streamGone(_ slot: HTTP2StreamSlot, abrupt: Bool) {
        guard slot.isWebSocket else { return }
        slot.isWebSocket = false
        shared.openWebSockets.subtract(1, ordering: .relaxed)
        if slot.state.pointee.lifecycle.isInUse && (abrupt || slot.state.pointee.lifecycle.isEchoing) {
            counters.abruptCloses &+= 1
        }
        slot.state.pointee.lifecycle = ServerConnectionLifecycle()
    }

    /// nghttp2 wants up to `length` DATA bytes for stream `id`: the front of the stream's queued
    /// output. A small payload is copied into nghttp2's frame buffer (`buffer`); a large one is left in
    /// place (`NGHTTP2_DATA_FLAG_NO_COPY`) for ``http2SendData(_:_:_:_:)`` to write. When this frame
    /// drains the output the lifecycle hears so (after our close frame that ends the stream); with
    /// nothing to send the stream is deferred until output is queued (``flushToStream(_:_:)`` resumes it).
    func http2ReadData(
        _ h2: HTTP2ServerConnection, _ id: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ length: Int,
        _ flags: UnsafeMutablePointer<UInt32>
    ) -> Int {
        guard let slot = h2.slot(id) else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        let count = min(length, slot.output.pendingByteCount)
        // Left in place (and still queued) until http2SendData, or copied now.
        let inPlace = count > HTTP2WriteScratch.copiedPayloadLimit
        if inPlace {
            flags.pointee |= UInt32(NGHTTP2_DATA_FLAG_NO_COPY.rawValue)
        } else if count > 0 {
            _ = slot.output.take(into: buffer, maximum: count)
            h2.consumeStream(id, slot.window.outputShrank(pendingOutput: slot.output.pendingByteCount, configuration.backpressure))
        }
        let stillQueued = inPlace ? count : 0
        guard slot.output.pendingByteCount == stillQueued else { return count }
        slot.output.giveStorage(to: http2OutputReserve)
        if slot.isWebSocket && slot.state.pointee.lifecycle.isInUse {
            performStreamAction(slot.state.pointee.lifecycle.outputDrained(at: now, timeouts), h2.fd, slot)
        }
        if slot.endStreamWhenDrained && slot.output.pendingByteCount == stillQueued {
            flags.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
            if !slot.isWebSocket && !slot.remoteEnded {
                // An answer without a WebSocket is complete: ask the client to stop sending (RFC 9113 section 8.1).
                h2.reset(id, NGHTTP2_NO_ERROR)
            }
            return count
        }
        if count == 0 {
            slot.dataDeferred = true
            return Int(NGHTTP2_ERR_DEFERRED.rawValue)
        }
        return count
    }

    /// nghttp2 sends a DATA frame of stream `frame`'s whose `length` payload bytes are the front of
    /// the stream's output (``http2ReadData(_:_:_:_:)`` left them there): its 9-byte `header` goes
    /// behind the frames gathered in the write scratch, and the payload is written in place with them
    /// in one gathered write (whatever the socket does not take is queued in the connection's
    /// `OutboundBuffer`, as for every write) — unless other streams share the connection and the
    /// frame fits in the scratch: then it is copied there (once, not twice as through nghttp2's frame
    /// buffer), so one write carries many streams' frames. Then ``http2SentData(_:_:_:_:_:)``. No
    /// padding (the session has no padding callback). Never closes the connection here (this runs
    /// inside `nghttp2_session_mem_send`): a failed write fails the session and ``sendHTTP2(_:)``
    /// drops the connection.
    func http2SendData(
        _ h2: HTTP2ServerConnection, _ frame: UnsafeMutablePointer<nghttp2_frame>, _ header: UnsafePointer<UInt8>, _ length: Int
    ) -> Int32 {
        let id = frame.pointee.hd.stream_id
        guard frame.pointee.data.padlen == 0, let slot = h2.slot(id), slot.output.pendingByteCount >= length else {
            return Int32(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
        }
        let scratch = http2WriteScratch
        let c = connection(h2.fd)
        let headerLength = 9
        let payload = UnsafeRawBufferPointer(rebasing: slot.output.pendingBytes[..<length])
        // With other streams on the connection, frames that fit are gathered in the scratch: one write
        // per 64 KiB, not per frame (writing each in place made 100x4096h10 3.6x slower per message).
        if h2.streams.count > 1 && scratch.used &+ headerLength &+ length <= scratch.capacity {
            (scratch.bytes + scratch.used).copyMemory(from: header, byteCount: headerLength)
            (scratch.bytes + (scratch.used &+ headerLength)).copyMemory(from: payload.baseAddress!, byteCount: length)
            scratch.used &+= headerLength &+ length
            return http2SentData(h2, c, slot, id, length)
        }
        if scratch.used &+ headerLength > scratch.capacity {
            counters.bytesSent &+= scratch.used
            let result = c.pointee.outbound.write(
                UnsafeRawBufferPointer(start: scratch.bytes, count: scratch.used), to: h2.fd, via: c.pointee.transport)
            scratch.used = 0
            if case .error = result {
                h2.writeFailed = true
                return Int32(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
            }
        }
        (scratch.bytes + scratch.used).copyMemory(from: header, byteCount: headerLength)
        let gathered = UnsafeRawBufferPointer(start: scratch.bytes, count: scratch.used &+ headerLength)
        scratch.used = 0
        counters.bytesSent &+= gathered.count &+ length
        if case .error = c.pointee.outbound.write(gathered, payload, to: h2.fd, via: c.pointee.transport) {
            h2.writeFailed = true
            return Int32(NGHTTP2_ERR_CALLBACK_FAILURE.rawValue)
        }
        return http2SentData(h2, c, slot, id, length)
    }

    /// A DATA frame's `length` payload bytes have been written or gathered: they leave the stream's
    /// output, the stream's window may reopen and drained storage goes to the reserve; mem_send is
    /// paused above the high-water mark.
    @inline(__always)
    func http2SentData(
        _ h2: HTTP2ServerConnection, _ c: UnsafeMutablePointer<ServerConnection>, _ slot: HTTP2StreamSlot, _ id: Int32, _ length: Int
    ) -> Int32 {
        slot.output.drop(length)
        h2.consumeStream(id, slot.window.outputShrank(pendingOutput: slot.output.pendingByteCount, configuration.backpressure))
        slot.output.giveStorage(to: http2OutputReserve)
        // mem_send goes on to the next stream's DATA without returning: stop it at the high-water mark,
        // as sendHTTP2's loop does between frames.
        if c.pointee.outbound.pendingByteCount > configuration.backpressure.high {
            return Int32(NGHTTP2_ERR_PAUSE.rawValue)
        }
        return 0
    }

    /// Queues what the batch holds as stream `slot`'s DATA (resuming its data provider). Returns
    /// whether the WebSocket is still in use.
    @discardableResult
    func flushToStream(_ fd: Int32, _ slot: HTTP2StreamSlot) -> Bool {
        slot.output.adoptStorage(from: http2OutputReserve)
        batch.move(to: &slot.output)
        resumeStream(fd, slot)
        return slot.state.pointee.lifecycle.isInUse
    }

    /// Wakes stream `slot`'s data provider if it waits for output.
    func resumeStream(_ fd: Int32, _ slot: HTTP2StreamSlot) {
        guard slot.dataDeferred, let h2 = http2Connections[fd] else { return }
        slot.dataDeferred = false
        _ = nghttp2_session_resume_data(h2.session, slot.id)
    }

    /// Performs what a stream's lifecycle decided: timers are the connection's (``armHTTP2Timer(_:_:)``),
    /// pings and close frames are queued on the stream, shutting down our side is END_STREAM once the
    /// output is drained, an orderly end waits (up to the close timeout) for the peer's END_STREAM, and an
    /// abrupt end is RST_STREAM (CANCEL).
    func performStreamAction(_ action: ServerConnectionAction, _ fd: Int32, _ slot: HTTP2StreamSlot) {
        switch action {
        case .none, .cancelTimer:
            return
        case .schedule(let deadline):
            armHTTP2Timer(fd, deadline)
        case .sendPing(let nextCheck):
            counters.pingsSent &+= 1
            batch.append(FrameHeader(opcode: .ping, payloadLength: 0), payload: UnsafeRawBufferPointer(start: nil, count: 0))
            flushToStream(fd, slot)
            if let nextCheck { armHTTP2Timer(fd, nextCheck) }
        case .sendClose(let code, let reason, let deadline):
            switch reason {
            case .protocolError: counters.protocolErrors &+= 1
            case .idleTimeout: counters.idleTimeouts &+= 1
            case .answer, .shuttingDown: break
            }
            batch.appendClose(CloseFrame(code: code, reason: reason.text))
            armHTTP2Timer(fd, deadline)
            flushToStream(fd, slot)
        case .shutdownWriteSide(let deadline):
            slot.endStreamWhenDrained = true
            armHTTP2Timer(fd, deadline)
            resumeStream(fd, slot)
        case .drop(let kind):
            batch.reset()
            guard let h2 = http2Connections[fd] else { return }
            if kind.isAbrupt {
                streamGone(slot, abrupt: true)
                h2.reset(slot.id, NGHTTP2_CANCEL)
            } else {
                streamGone(slot, abrupt: false)
                if !slot.remoteEnded {
                    let deadline = now &+ timeouts.close
                    slot.resetDeadline = deadline
                    armHTTP2Timer(fd, deadline)
                }
            }
        }
    }
}

extension WriteBatch {
    /// Copies the batch's bytes (whole frames) into an HTTP/2 stream's output, and empties the batch.
    mutating func move(to output: inout HTTP2StreamOutput) {
        closeRun()
        for i in 0..<vectorCount {
            output.append(UnsafeRawBufferPointer(start: vectors[i].iov_base, count: vectors[i].iov_len))
        }
        reset()
    }
}

/// The loop's buffer for gathering the frames `nghttp2_session_mem_send` hands out one at a time, so
/// that one write carries many (64 KiB: four 16 KiB DATA frames and their headers; not measured).
final class HTTP2WriteScratch {
    let capacity = 64 << 10
    let bytes: UnsafeMutableRawPointer
    /// Bytes gathered and not yet written (shared by ``ServerLoop/sendHTTP2(_:)`` and the DATA
    /// callback it runs, ``ServerLoop/http2SendData(_:_:_:_:)``). Unchecked: touched on every message
    /// by the loop's thread only (callgrind, 20 B h2c echo: with this, the reserve's count and the slot's
    /// output checked, ~300 instructions per message went to swift_beginAccess and its access set).
    @exclusivity(unchecked) var used = 0
    /// DATA payloads up to this size are copied (into nghttp2's frame buffer, then the scratch: small
    /// echoes of many streams share one write); larger ones are written in place. Callgrind, h2c, 10
    /// streams, instructions per echo, in place vs copied: 20 B +143, 4 KiB −549, 16 KiB −32,500 (the
    /// crossover lies somewhere between 20 B and 4 KiB; not searched).
    static let copiedPayloadLimit = 4096

    init() { bytes = .allocate(byteCount: capacity, alignment: 64) }
    deinit { bytes.deallocate() }
}
