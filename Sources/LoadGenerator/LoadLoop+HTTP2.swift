import BenchSupport
import EpollIO
import Glibc
import HTTP2
import WebSocketCore

/// `--http2`: WebSockets over HTTP/2 (RFC 8441). Each WebSocket slot keeps its ``LoadConnection``
/// row — lifecycle, reader, deflate session, counts, time ring — keyed by its slot number instead of a
/// descriptor, so verification, latency, deflate and the lifecycle are the HTTP/1.1 code unchanged.
/// What differs is only where bytes go: ``flush(_:)`` hands a stream's frames to its
/// ``HTTP2StreamRow`` (nghttp2 takes them as DATA through ``HTTP2Callbacks/read``), and received
/// DATA reaches ``processFrames(_:_:)`` from nghttp2's chunk callback. K consecutive slots share one
/// carrier (``HTTP2Carrier``), the TCP connection whose bytes nghttp2 owns (`mem_recv`/`mem_send`
/// with the loop's receive and send buffers).
extension LoadLoop {
    /// The run-wide number of slot `slot` (its sequence stamps): over HTTP/2 the carrier's number × K
    /// plus the slot's place in its group, so WebSockets are numbered `0 ..< connections × K`.
    static func webSocketNumber(plan: LoadPlan, configuration: LoadConfiguration, thread: Int, slot: Int) -> Int {
        guard configuration.http2 else { return plan.connectionNumber(thread: thread, slot: slot) }
        let k = configuration.streamsPerConnection
        return plan.connectionNumber(thread: thread, slot: slot / k) * k + slot % k
    }

    // MARK: Opening

    /// Gives `slot` its WebSocket row and attaches it to its group's carrier, opening the carrier for
    /// the group's first slot.
    func connectStream(slot: Int) {
        let http2 = http2.unsafelyUnwrapped
        let k = http2.streamsPerConnection
        let group = slot / k
        let number = Self.webSocketNumber(plan: plan, configuration: configuration, thread: thread.index, slot: slot)
        counters.connectionsAttempted += 1
        var quota = UInt64.max
        if case .closedLoop = pacing, let count = configuration.messageCount {
            quota = UInt64(LoadPlan.quota(total: count, connections: configuration.webSocketCount, number: number))
        }
        let key = Int32(slot)
        let c = connections.add(key, slot: slot, number: UInt64(number), quota: quota, now: now, maximumMessageLength: configuration.maximumMessageLength)
        if quota == 0 { connections.settle(c) }
        http2.streams[slot] = HTTP2StreamRow()
        if let kind = http2.groupFailure[group] {
            perform(c.pointee.lifecycle.rejected(kind), key)
            return
        }
        if http2.groupCarrier[group] < 0 {
            guard let fd = openCarrier(group: group) else {
                perform(c.pointee.lifecycle.rejected(http2.groupFailure[group] ?? .connectFailed), key)
                return
            }
            http2.groupCarrier[group] = fd
        }
        let fd = http2.groupCarrier[group]
        http2.streams[slot].carrier = fd
        let carrier = http2.carriers[fd]
        carrier.pointee.liveStreams += 1
        if carrier.pointee.state.phase == .ready {
            perform(c.pointee.lifecycle.connected(), key)
        } else if carrier.pointee.phase == .connecting, carrier.pointee.watchingWritable == false {
            carrierEstablished(fd)  // connected at once (loopback)
        }
    }

    /// Connects group `group`'s TCP connection; nil (with the group's failure recorded) if it failed at once.
    func openCarrier(group: Int) -> Int32? {
        let http2 = http2.unsafelyUnwrapped
        let number = plan.connectionNumber(thread: thread.index, slot: group)
        let started: ConnectResult
        do { started = try Socket.connect(to: plan.address(connection: number), from: sourceAddress(connection: number)) } catch {
            let refused = error.errorNumber == ECONNREFUSED
            shared.note(refused ? "connection refused by \(plan.address(connection: number)): is the server running?" : "connect failed: \(error)")
            http2.groupFailure[group] = refused ? .connectRefused : .connectFailed
            return nil
        }
        let fd = started.fileDescriptor
        let connected = started.isConnected
        let carrier = http2.carriers.prepare(fd)
        carrier.pointee = HTTP2Carrier()
        carrier.pointee.phase = .connecting
        carrier.pointee.group = group
        carrier.pointee.startedAt = now
        carrier.pointee.watchingWritable = !connected
        do {
            try epoll.add(fd, events: connected ? .readable : .writable)
        } catch {
            shared.note("epoll_ctl failed: \(error)")
            http2.groupFailure[group] = .connectFailed
            http2.carriers.vacate(fd)
            Socket.close(fd)
            return nil
        }
        return fd
    }

    /// An epoll event on a carrier.
    func handleCarrier(_ fd: Int32, _ events: EpollEvents) {
        let http2 = http2.unsafelyUnwrapped
        guard http2.carriers.contains(fd) else { return }
        let carrier = http2.carriers[fd]
        switch carrier.pointee.phase {
        case .closed, .closing:
            return
        case .connecting:
            do {
                try Socket.finishConnect(fd)
            } catch {
                let refused = error.errorNumber == ECONNREFUSED
                shared.note(refused ? "connection refused by \(plan.address(connection: plan.connectionNumber(thread: thread.index, slot: carrier.pointee.group))): is the server running?" : "connect failed: \(error)")
                failCarrier(fd, refused ? .connectRefused : .connectFailed)
                return
            }
            carrierEstablished(fd)
        case .tlsHandshaking:
            stepCarrierTLS(fd)
        case .http2:
            if events.contains(.writable) && carrier.pointee.watchingWritable { carrierWritable(fd) }
            guard http2.carriers[fd].pointee.phase == .http2 else { return }
            if events.contains(.readable) || events.contains(.hangup) || events.contains(.error) { readCarrier(fd) }
        }
    }

    /// TCP is up: start TLS (`wss://`) or HTTP/2 with prior knowledge (h2c).
    func carrierEstablished(_ fd: Int32) {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        carrier.pointee.watchingWritable = false
        totals.connect.recordLatency(now - carrier.pointee.startedAt)
        carrier.pointee.startedAt = now
        guard let tls else { return carrierTransportReady(fd, applicationProtocol: nil) }
        guard let tlsScratch, tls.attachStream(to: fd, scratch: tlsScratch) != nil else {
            shared.note("TLS handshake failed: OpenSSL could not start a session (tls_failed)")
            return failCarrier(fd, .tlsFailed)
        }
        carrier.pointee.transport = .tls
        carrier.pointee.phase = .tlsHandshaking
        stepCarrierTLS(fd)
    }

    /// Takes a carrier's TLS handshake one step.
    func stepCarrierTLS(_ fd: Int32) {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        let result = carrier.pointee.transport.handshake(fd)
        switch result {
        case .complete:
            totals.tls.recordLatency(now - carrier.pointee.startedAt)
            counters.tlsHandshakes += 1
            let stream = TLSStreams.shared.stream(fd)
            if stream.resumedSession { counters.tlsResumed += 1 }
            carrierTransportReady(fd, applicationProtocol: stream.negotiatedApplicationProtocol)
        case .wantsReadable, .wantsWritable:
            try? epoll.modify(fd, events: result == .wantsReadable ? .readable : .writable)
        case .notTLS, .endOfStream:
            shared.note("TLS handshake failed: \(TLSFailureReason.endOfStream) (tls_failed)")
            failCarrier(fd, .tlsFailed)
        case .failed(let reason):
            shared.note("TLS handshake failed: \(TLSFailureReason.describe(reason)) (tls_failed)")
            failCarrier(fd, .tlsFailed)
        }
    }

    /// The transport is up: check ALPN, start the nghttp2 session, send the preface and SETTINGS.
    func carrierTransportReady(_ fd: Int32, applicationProtocol: String?) {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        switch carrier.pointee.state.transportReady(secure: tls != nil, applicationProtocol: applicationProtocol) {
        case .fail(let reason):
            shared.note("\(reason) (handshake_failed)")
            failCarrier(fd, .handshakeFailed)
        case .sendPreface:
            do {
                let session = try ClientSession(callbacks: http2.unsafelyUnwrapped.callbacks, userData: Unmanaged.passUnretained(self).toOpaque())
                carrier.pointee.session = session
                try session.submitSettings()
            } catch {
                shared.note("HTTP/2 session could not start: \(error) (handshake_failed)")
                return failCarrier(fd, .handshakeFailed)
            }
            carrier.pointee.phase = .http2
            try? epoll.modify(fd, events: .readable)
            pumpCarrier(fd)
        case .none, .openStreams:
            break
        }
    }

    /// The server's SETTINGS arrived on the active carrier (inside `mem_recv`): open its streams (as
    /// many as its `SETTINGS_MAX_CONCURRENT_STREAMS` allows, failing the rest as `stream_limit`), or
    /// fail them when it does not offer extended CONNECT. A later SETTINGS that lowers the limit fails
    /// the requests still queued beyond it.
    func carrierSettingsReceived() {
        let http2 = http2.unsafelyUnwrapped
        let fd = http2.activeCarrier
        guard fd >= 0 else { return }
        let carrier = http2.carriers[fd]
        guard let session = carrier.pointee.session else { return }
        carrier.pointee.admission.settingsReceived(maximumConcurrentStreams: session.serverMaximumConcurrentStreams)
        switch carrier.pointee.state.settingsReceived(enableConnectProtocol: session.serverAllowsExtendedConnect) {
        case .fail(let reason):
            carrier.pointee.pendingFailure = (.handshakeFailed, reason)
        case .openStreams:
            forEachStream(of: fd) { slot in
                let c = self.connections[Int32(slot)]
                if c.pointee.lifecycle.state == .connecting { self.perform(c.pointee.lifecycle.connected(), Int32(slot)) }
            }
        case .none, .sendPreface:
            if carrier.pointee.state.phase == .ready { failQueuedOverLimit(fd, session) }
        }
    }

    /// After a SETTINGS that lowered the server's limit: the extended CONNECTs nghttp2 still holds
    /// beyond it would wait for a stream to end, which in a run none does, so they fail as `stream_limit`
    /// (the latest submitted first, as nghttp2 sends them in stream-id order).
    func failQueuedOverLimit(_ fd: Int32, _ session: ClientSession) {
        let http2 = http2.unsafelyUnwrapped
        var queued: [(id: Int32, slot: Int)] = []
        forEachStream(of: fd) { slot in
            let row = http2.streams[slot]
            if row.admitted, row.streamID > 0, session.isQueued(row.streamID) { queued.append((row.streamID, slot)) }
        }
        let allowed = http2.carriers[fd].pointee.admission.queuedAllowed(queued: queued.count)
        guard allowed < queued.count else { return }
        noteStreamLimit(allowed: http2.carriers[fd].pointee.admission.limit)
        for (_, slot) in queued.sorted(by: { $0.id < $1.id }).dropFirst(allowed) {
            let key = Int32(slot)
            perform(connections[key].pointee.lifecycle.rejected(.streamLimit), key)
        }
    }

    /// GOAWAY from the server on the active carrier (inside `mem_recv`): WebSockets on streams it did
    /// not process (above its last stream id) or not yet opened fail at once as `goaway`, and none opens
    /// on it any more; the others run on until they close (or the server closes the connection).
    func carrierGoAwayReceived(_ goAway: ClientGoAway) {
        let http2 = http2.unsafelyUnwrapped
        let fd = http2.activeCarrier
        guard fd >= 0 else { return }
        let carrier = http2.carriers[fd]
        guard let session = carrier.pointee.session else { return }
        carrier.pointee.admission.goAwayReceived(goAway)
        let group = carrier.pointee.group
        if group >= 0 { http2.groupFailure[group] = .goaway }
        var failed = 0
        forEachStream(of: fd) { slot in
            let row = http2.streams + slot
            guard !goAway.processed(row.pointee.streamID) else { return }
            let key = Int32(slot)
            let c = self.connections[key]
            guard c.pointee.slot >= 0, c.pointee.lifecycle.state != .closed else { return }
            // A request already sent is closed by nghttp2 right after this callback: nothing to reset.
            if row.pointee.streamID > 0, !session.isQueued(row.pointee.streamID) { row.pointee.close.streamClosed() }
            failed += 1
            self.perform(c.pointee.lifecycle.abandon(.goaway), key)
        }
        noteGoAway(goAway, failed: failed > 0)
    }

    /// Explains `stream_limit` (once: the text is the same for every carrier with this limit).
    func noteStreamLimit(allowed: UInt32) {
        let k = http2.unsafelyUnwrapped.streamsPerConnection
        shared.note(
            "the server allows \(allowed) concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS); "
                + "--streams-per-connection \(k) asks for more: the WebSockets beyond it failed (stream_limit)")
    }

    /// Explains `goaway`: what failed at once, or (`failed` false) that only new WebSockets will.
    func noteGoAway(_ goAway: ClientGoAway, failed: Bool = true) {
        let outcome = failed
            ? "WebSockets on streams it did not process, or not yet opened there, failed (goaway)"
            : "its open WebSockets run on, no new one opens there (goaway)"
        shared.note("the server sent \(goAway) on an HTTP/2 connection: \(outcome)")
    }

    /// Calls `body` with each slot attached to carrier `fd` (whose stream is not finished).
    func forEachStream(of fd: Int32, _ body: (Int) -> Void) {
        let http2 = http2.unsafelyUnwrapped
        let k = http2.streamsPerConnection
        let group = http2.carriers[fd].pointee.group
        guard group >= 0 else { return }
        for slot in group * k..<min(group * k + k, http2.slotCount) where http2.streams[slot].carrier == fd && !http2.streams[slot].finished {
            body(slot)
        }
    }

    /// Submits slot's extended CONNECT (the lifecycle asked to send the request).
    func submitExtendedConnect(slot: Int) -> Bool {
        let http2 = http2.unsafelyUnwrapped
        let key = Int32(slot)
        let c = connections[key]
        let fd = http2.streams[slot].carrier
        guard fd >= 0, let session = http2.carriers[fd].pointee.session else {
            return perform(c.pointee.lifecycle.rejected(.handshakeFailed), key)
        }
        switch http2.carriers[fd].pointee.admission.request() {
        case .open:
            http2.streams[slot].admitted = true
        case .overLimit(let allowed):
            noteStreamLimit(allowed: allowed)
            return perform(c.pointee.lifecycle.rejected(.streamLimit), key)
        case .goingAway(let goAway):
            noteGoAway(goAway)
            return perform(c.pointee.lifecycle.rejected(.goaway), key)
        }
        connections.slot(of: c).pointee.connectedAt = now
        http2.streams[slot].response = ClientResponse()
        let id = session.submitRequest(http2.headers, readCallback: HTTP2Callbacks.read, streamUserData: HTTP2Callbacks.userData(slot: slot))
        guard id > 0 else {
            shared.note("the extended CONNECT could not be submitted: \(ClientSessionError(id)) (handshake_failed)")
            return perform(c.pointee.lifecycle.rejected(.handshakeFailed), key)
        }
        http2.streams[slot].streamID = id
        if http2.activeCarrier != fd { pumpCarrier(fd) }
        return true
    }

    /// The response HEADERS of slot's stream ended: open the WebSocket, or fail it.
    func streamResponded(slot: Int) {
        let http2 = http2.unsafelyUnwrapped
        let key = Int32(slot)
        let c = connections[key]
        guard c.pointee.slot >= 0, c.pointee.lifecycle.state == .handshaking else { return }
        switch http2.streams[slot].response.verdict(offeredSubprotocols: configuration.subprotocols) {
        case .rejected(let reason):
            shared.note("\(reason) (handshake_failed)")
            perform(c.pointee.lifecycle.rejected(.handshakeFailed), key)
        case .accepted(let extensions, let subprotocol):
            guard accept(key, extensions: extensions, subprotocol: subprotocol) else { return }
            let start = c.pointee.lifecycle.handshakeAccepted()
            guard perform(start, key) else { return }
            flush(key)
        }
    }

    // MARK: Bytes

    /// DATA for slot's WebSocket: the same frame processing as a TCP read over HTTP/1.1.
    @inline(__always)
    func streamData(slot: Int, _ bytes: UnsafeMutableRawBufferPointer) {
        let key = Int32(slot)
        let c = connections[key]
        guard c.pointee.slot >= 0 else { return }
        let state = c.pointee.lifecycle.state
        guard state == .open || state == .closing else { return }
        processFrames(key, bytes)
    }

    /// ``flush(_:)`` of an HTTP/2 WebSocket: its frames join the stream's waiting bytes, the stream is
    /// woken, and (outside `mem_recv`, which is followed by a pump anyway) the carrier is pumped.
    @inline(__always)
    func flushStream(slot: Int) -> Bool {
        let http2 = http2.unsafelyUnwrapped
        let bytes = send.bytes
        send.used = 0
        let row = http2.streams + slot
        let fd = row.pointee.carrier
        guard fd >= 0, row.pointee.streamID > 0, let session = http2.carriers[fd].pointee.session else { return true }
        row.pointee.bytes.append(bytes)
        if row.pointee.deferred {
            row.pointee.deferred = false
            session.resume(row.pointee.streamID)
        }
        if http2.activeCarrier != fd { return pumpCarrier(fd) || connections[Int32(slot)].pointee.slot >= 0 }
        return true
    }

    /// Moves what nghttp2 has to send into the socket, gathered in the send buffer (one write per
    /// buffer-full); stops while the socket is full (EPOLLOUT resumes it), so unsent bytes stay in
    /// nghttp2 and the streams' rows, where flow control bounds them. False if the carrier failed.
    @discardableResult
    func pumpCarrier(_ fd: Int32) -> Bool {
        let http2 = http2.unsafelyUnwrapped
        let carrier = http2.carriers[fd]
        guard let session = carrier.pointee.session else { return false }
        let base = send.base
        let capacity = send.capacity
        var gathered = 0
        while carrier.pointee.outbound.isEmpty {
            let (bytes, error) = session.nextOutput()
            if error != 0 {
                shared.note("HTTP/2 session error: \(ClientSessionError(error))")
                failCarrier(fd, .protocolError)
                return false
            }
            if bytes.isEmpty { break }
            if gathered + bytes.count > capacity {
                guard writeCarrier(fd, UnsafeRawBufferPointer(start: base, count: gathered)) else { return false }
                gathered = 0
                if !carrier.pointee.outbound.isEmpty {
                    carrier.pointee.outbound.append(bytes)
                    break
                }
            }
            if bytes.count > capacity {
                guard writeCarrier(fd, bytes) else { return false }
            } else {
                (base + gathered).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
                gathered += bytes.count
            }
        }
        if gathered > 0 { return writeCarrier(fd, UnsafeRawBufferPointer(start: base, count: gathered)) }
        return true
    }

    /// One write to a carrier; what the socket does not take waits in its outbound buffer.
    func writeCarrier(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        counters.bytesWritten &+= bytes.count
        if !carrier.pointee.outbound.isEmpty {
            carrier.pointee.outbound.append(bytes)
            return true
        }
        switch carrier.pointee.transport.write(fd, bytes) {
        case .written(let n):
            if n == bytes.count { return true }
            carrier.pointee.outbound.append(UnsafeRawBufferPointer(rebasing: bytes[n...]))
        case .wouldBlock:
            carrier.pointee.outbound.append(bytes)
        case .error:
            carrierEnded(fd)
            return false
        }
        let pending = carrier.pointee.outbound.pendingByteCount
        if pending > counters.maximumUnsentBytes { counters.maximumUnsentBytes = pending }
        if !carrier.pointee.watchingWritable {
            carrier.pointee.watchingWritable = true
            try? epoll.modify(fd, events: [.readable, .writable])
        }
        return true
    }

    /// The carrier's socket has room: send what waits, then what nghttp2 holds.
    func carrierWritable(_ fd: Int32) {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        switch carrier.pointee.outbound.flush(to: fd, via: carrier.pointee.transport) {
        case .drained:
            carrier.pointee.outbound.release()
            carrier.pointee.watchingWritable = false
            try? epoll.modify(fd, events: .readable)
            pumpCarrier(fd)
        case .pending:
            return
        case .error:
            carrierEnded(fd)
        }
    }

    /// Reads a carrier and feeds nghttp2; its callbacks verify echoes and queue the answers, which
    /// one pump then writes.
    func readCarrier(_ fd: Int32) {
        let http2 = http2.unsafelyUnwrapped
        repeat {
            let carrier = http2.carriers[fd]
            switch receive.read(from: fd, via: carrier.pointee.transport) {
            case .received(let buffer):
                counters.bytesRead &+= buffer.count
                now = MonotonicClock.nanoseconds()
                guard let session = carrier.pointee.session else { return }
                http2.activeCarrier = fd
                let consumed = session.receive(UnsafeRawBufferPointer(buffer))
                http2.activeCarrier = -1
                if consumed < 0 {
                    shared.note("the server broke HTTP/2: \(ClientSessionError(consumed)) (protocol_error)")
                    return failCarrier(fd, .protocolError)
                }
                if let failure = carrier.pointee.pendingFailure {
                    shared.note("\(failure.reason) (\(failure.kind.name))")
                    return failCarrier(fd, failure.kind)
                }
                guard pumpCarrier(fd) else { return }
                if carrier.pointee.closeWanted { return closeCarrier(fd) }
            case .wouldBlock:
                return
            case .endOfFile, .error:
                return carrierEnded(fd)
            }
        } while http2.carriers[fd].pointee.phase == .http2 && http2.carriers[fd].pointee.transport.hasBufferedInput(fd)
    }

    // MARK: Ending

    /// The server ended the carrier (EOF, reset, write error).
    func carrierEnded(_ fd: Int32) {
        let carrier = http2.unsafelyUnwrapped.carriers[fd]
        guard carrier.pointee.phase != .closing && carrier.pointee.phase != .closed else { return }
        if case .fail(let reason) = carrier.pointee.state.endedBeforeReady() {
            shared.note("\(reason) (handshake_failed)")
            return failCarrier(fd, .handshakeFailed)
        }
        var open = 0
        forEachStream(of: fd) { slot in
            if self.connections[Int32(slot)].pointee.lifecycle.state == .open { open += 1 }
        }
        if open > 0 { shared.note("the server closed an HTTP/2 connection with \(open) WebSockets open on it (unexpected_close)") }
        failCarrier(fd, .unexpectedClose)
    }

    /// Fails every WebSocket on carrier `fd` — not yet open: as `kind`; open: as the end of its
    /// stream — and closes the carrier.
    func failCarrier(_ fd: Int32, _ kind: LoadErrorKind) {
        let http2 = http2.unsafelyUnwrapped
        let carrier = http2.carriers[fd]
        guard carrier.pointee.phase != .closing && carrier.pointee.phase != .closed else { return }
        let wasReady = carrier.pointee.state.phase == .ready
        carrier.pointee.phase = .closing
        let group = carrier.pointee.group
        if !wasReady && http2.groupFailure[group] == nil { http2.groupFailure[group] = kind }
        forEachStream(of: fd) { slot in
            let key = Int32(slot)
            let c = self.connections[key]
            if c.pointee.slot >= 0 {
                switch c.pointee.lifecycle.state {
                case .connecting, .tlsHandshaking, .handshaking: self.perform(c.pointee.lifecycle.rejected(kind), key)
                case .open, .closing: self.perform(c.pointee.lifecycle.endOfStream(), key)
                case .closed: break
                }
            }
            self.finishStream(slot: slot)
        }
        closeCarrier(fd)
    }

    /// Closes a carrier whose WebSockets are all finished: GOAWAY, the last bytes, the socket.
    func closeCarrier(_ fd: Int32) {
        let http2 = http2.unsafelyUnwrapped
        let carrier = http2.carriers[fd]
        guard carrier.pointee.phase != .closed else { return }
        if let session = carrier.pointee.session {
            if carrier.pointee.phase == .http2 {
                // Frames already queued (RST_STREAM, END_STREAM) first: nghttp2 sends GOAWAY from
                // terminate_session ahead of them and nothing after it.
                guard pumpCarrier(fd) else { return }
                carrier.pointee.phase = .closing
                session.goAway()
                pumpCarrier(fd)
            }
            session.delete()
            carrier.pointee.session = nil
        }
        forEachStream(of: fd) { slot in self.finishStream(slot: slot) }
        let group = carrier.pointee.group
        if group >= 0 && http2.groupFailure[group] == nil { http2.groupFailure[group] = .unexpectedClose }
        carrier.pointee.outbound.release()
        carrier.pointee.transport.close(fd)
        carrier.pointee = HTTP2Carrier()
    }

    /// Closes every carrier left (the run's end): streams still lingering were never ended by the server.
    func closeAllCarriers() {
        let http2 = http2.unsafelyUnwrapped
        for slot in 0..<http2.slotCount where http2.streams[slot].close.isLingering {
            _ = http2.streams[slot].close.abandoned()
            http2.lingering -= 1
            countCloseNotCompleted()
        }
        for group in 0..<http2.groupCarrier.count {
            let fd = http2.groupCarrier[group]
            if fd >= 0 && http2.carriers.contains(fd) && http2.carriers[fd].pointee.group == group { closeCarrier(fd) }
        }
    }

    /// ``release(_:_:)`` of an HTTP/2 WebSocket (its row is freed): end, linger or reset its stream.
    func releaseStream(slot: Int) {
        let http2 = http2.unsafelyUnwrapped
        let row = http2.streams + slot
        let fd = row.pointee.carrier
        guard fd >= 0, !row.pointee.finished else { return }
        guard row.pointee.streamID > 0, let session = http2.carriers[fd].pointee.session else { return finishStream(slot: slot) }
        let action = row.pointee.closeFrameSeen
            ? row.pointee.close.closeHandshakeCompleted(now: now, lingerLimit: http2.lingerLimit)
            : row.pointee.close.abandoned()
        switch action {
        case .linger:
            http2.lingering += 1
            if http2.nextLingerScan <= now { http2.nextLingerScan = now + 10_000_000 }
            return
        case .endStream:
            endStream(slot: slot, session)
        case .reset:
            session.cancel(row.pointee.streamID)
            session.detach(row.pointee.streamID)
        case .none:
            session.detach(row.pointee.streamID)
        }
        finishStream(slot: slot)
        if http2.activeCarrier != fd && http2.carriers[fd].pointee.phase == .http2 { pumpCarrier(fd) }
    }

    /// Ends our half of slot's stream: END_STREAM once its waiting bytes are taken.
    func endStream(slot: Int, _ session: ClientSession) {
        let row = http2.unsafelyUnwrapped.streams + slot
        row.pointee.endStream = true
        row.pointee.deferred = false
        session.resume(row.pointee.streamID)
    }

    /// Slot's stream no longer holds its carrier open; the last one closes it.
    func finishStream(slot: Int) {
        let http2 = http2.unsafelyUnwrapped
        let row = http2.streams + slot
        guard !row.pointee.finished, row.pointee.carrier >= 0 else { return }
        row.pointee.finished = true
        let fd = row.pointee.carrier
        let carrier = http2.carriers[fd]
        if row.pointee.admitted { carrier.pointee.admission.streamFinished() }
        carrier.pointee.liveStreams -= 1
        guard carrier.pointee.liveStreams == 0, carrier.pointee.phase == .http2 else { return }
        if http2.activeCarrier == fd {
            carrier.pointee.closeWanted = true
        } else {
            closeCarrier(fd)
        }
    }

    /// END_STREAM from the server on slot's stream.
    func streamRemoteEnded(slot: Int) {
        let http2 = http2.unsafelyUnwrapped
        let row = http2.streams + slot
        let wasLingering = row.pointee.close.isLingering
        let action = row.pointee.close.remoteEndedStream()
        if wasLingering {
            http2.lingering -= 1
            let fd = row.pointee.carrier
            if action == .endStream, fd >= 0, let session = http2.carriers[fd].pointee.session { endStream(slot: slot, session) }
            finishStream(slot: slot)
            return
        }
        // The server ended its half while the WebSocket is in use: like a TCP FIN over HTTP/1.1.
        let key = Int32(slot)
        let c = connections[key]
        guard c.pointee.slot >= 0, c.pointee.lifecycle.state != .closed, !row.pointee.closeFrameSeen else { return }
        if c.pointee.lifecycle.state == .open {
            shared.note("the server ended an HTTP/2 WebSocket stream without a close frame (unexpected_close)")
        } else if c.pointee.lifecycle.state == .handshaking {
            shared.note("the server ended the stream of an extended CONNECT without answering it (handshake_failed)")
        }
        perform(c.pointee.lifecycle.endOfStream(), key)
    }

    /// nghttp2 closed slot's stream (RST_STREAM from the server, or both halves ended).
    func streamClosed(slot: Int, errorCode: UInt32) {
        let http2 = http2.unsafelyUnwrapped
        let row = http2.streams + slot
        if row.pointee.close.isLingering { http2.lingering -= 1 }
        row.pointee.close.streamClosed()
        let key = Int32(slot)
        let c = connections[key]
        if c.pointee.slot >= 0 && c.pointee.lifecycle.state != .closed {
            let state = c.pointee.lifecycle.state
            if errorCode == HTTP2ErrorCode.refusedStream && (state == .handshaking || state == .open) {
                shared.note(
                    "the server refused an HTTP/2 stream with RST_STREAM(REFUSED_STREAM): it did not process the extended CONNECT (stream_refused)")
                perform(c.pointee.lifecycle.abandon(.streamRefused), key)
            } else {
                switch state {
                case .handshaking:
                    shared.note("the server reset the stream of an extended CONNECT (HTTP/2 error \(HTTP2ErrorCode.name(errorCode))) (handshake_failed)")
                case .open:
                    shared.note("the server reset an HTTP/2 WebSocket stream (HTTP/2 error \(HTTP2ErrorCode.name(errorCode))) (unexpected_close)")
                default:
                    break
                }
                perform(c.pointee.lifecycle.endOfStream(), key)
            }
        }
        if let session = row.pointee.carrier >= 0 ? http2.carriers[row.pointee.carrier].pointee.session : nil, row.pointee.streamID > 0 {
            session.detach(row.pointee.streamID)
        }
        finishStream(slot: slot)
    }

    /// Resets lingering streams past their deadline, counting `close_not_completed`.
    func scanLingering() {
        let http2 = http2.unsafelyUnwrapped
        http2.nextLingerScan = now + 10_000_000
        for slot in 0..<http2.slotCount where http2.streams[slot].close.isLingering {
            let row = http2.streams + slot
            guard case .reset = row.pointee.close.check(now: now) else { continue }
            http2.lingering -= 1
            countCloseNotCompleted()
            let fd = row.pointee.carrier
            if fd >= 0, let session = http2.carriers[fd].pointee.session {
                session.cancel(row.pointee.streamID)
                session.detach(row.pointee.streamID)
                finishStream(slot: slot)
                if http2.carriers[fd].pointee.phase == .http2 { pumpCarrier(fd) }
            }
        }
    }

    /// Counts one stream the server never ended, explaining the kind once.
    func countCloseNotCompleted() {
        let http2 = http2.unsafelyUnwrapped
        counters.count(.closeNotCompleted)
        guard !http2.notedCloseNotCompleted else { return }
        http2.notedCloseNotCompleted = true
        shared.note(
            "the server answered the WebSocket close frame but did not end its half of the HTTP/2 stream within \(Format.trimmed(Double(http2.lingerLimit) / 1e9)) s; the streams were reset with RST_STREAM(CANCEL) (close_not_completed)")
    }
}
