import BenchSupport
import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

extension LoadLoop {
    /// Starts as many connects as the ramp-up rate and the in-progress cap allow.
    func startConnections() {
        while let slot = connecting.next(now: now, inProgress: connections.inProgress) {
            connect(slot: slot)
        }
    }

    func connect(slot: Int) {
        guard !plan.addresses.isEmpty else { return failResolution() }
        if http2 != nil { return connectStream(slot: slot) }
        let number = plan.connectionNumber(thread: thread.index, slot: slot)
        let source = sourceAddress(connection: number)
        counters.connectionsAttempted += 1
        let started: ConnectResult
        do { started = try Socket.connect(to: plan.address(connection: number), from: source) } catch {
            failConnect(errorNumber: error.errorNumber, source: source)
            return
        }
        let fd = started.fileDescriptor
        let connected = started.isConnected
        var quota = UInt64.max
        if case .closedLoop = pacing, let count = configuration.messageCount {
            quota = UInt64(LoadPlan.quota(total: count, connections: configuration.connections, number: number))
        }
        let c = connections.add(
            fd, slot: slot, number: UInt64(number), quota: quota, now: now,
            maximumMessageLength: configuration.maximumMessageLength)
        do {
            try epoll.add(fd, events: connected ? .readable : .writable)
        } catch {
            shared.note("epoll_ctl failed: \(error)")
            abandon(fd, .connectFailed)
            return
        }
        if quota == 0 { connections.settle(c) }
        if connected { connectionEstablished(fd) }
    }

    /// The `--source` address run-wide connection `number` binds to (nil: the kernel's choice).
    func sourceAddress(connection number: Int) -> SocketAddress? {
        let sources = configuration.sources
        return sources.isEmpty ? nil : sources[number % sources.count]
    }

    /// The host name did not resolve (said in a note when the run started): no connection can be
    /// attempted, and every one of this thread's is counted as `dns_failed`.
    func failResolution() {
        let all = 1 + connecting.stop(skipRest: true)
        counters.count(.dnsFailed, all)
        connections.settled += all
    }

    /// Counts a connect that failed before there was a socket to watch, and explains limits.
    func failConnect(errorNumber: Int32, source: SocketAddress?) {
        connections.settled += 1
        switch errorNumber {
        case ECONNREFUSED:
            counters.count(.connectRefused)
        case EADDRNOTAVAIL, EADDRINUSE:
            counters.count(.addressesExhausted)
            shared.note(
                "no local port left for source \(source.map { $0.host } ?? "(kernel's choice)") after \(counters.connectionsOpened) connections in this thread: add source addresses (--source 127.0.0.1-127.0.0.8)")
        case EMFILE, ENFILE:
            // Nothing more can be opened: count the rest of this thread's connections too.
            let rest = connecting.stop(skipRest: true)
            counters.count(.descriptorLimit, 1 + rest)
            connections.settled += rest
            let limit = (try? OpenFileLimit.raiseToMaximum())?.current ?? 0
            shared.note(
                "the open-file limit (\(limit) descriptors, RLIMIT_NOFILE) stopped the run from opening more connections (\(errorNumber == EMFILE ? "EMFILE" : "ENFILE")); raise it with `ulimit -n` / `prlimit --nofile` (as root) or use fewer connections")
        default:
            counters.count(.connectFailed)
            shared.note("connect failed: \(SocketError("connect", errorNumber: errorNumber))")
        }
    }

    /// A non-blocking connect finished (the socket became writable or reported an error).
    func finishConnecting(_ fd: Int32) {
        do {
            try Socket.finishConnect(fd)
        } catch {
            let refused = error.errorNumber == ECONNREFUSED
            if refused {
                shared.note("connection refused by \(address(of: fd)): is the server running?")
            } else {
                shared.note("connect failed: \(error)")
            }
            perform(connections[fd].pointee.lifecycle.rejected(refused ? .connectRefused : .connectFailed), fd)
            return
        }
        connectionEstablished(fd)
    }

    /// The address `fd`'s connection went to.
    func address(of fd: Int32) -> SocketAddress {
        plan.address(connection: Int(connections[fd].pointee.number))
    }

    /// TCP is up: record the connect time and start TLS (`wss://`) or send the upgrade request.
    func connectionEstablished(_ fd: Int32) {
        let c = connections[fd]
        let slot = connections.slot(of: c)
        slot.pointee.connectedAt = now
        totals.connect.recordLatency(now - slot.pointee.startedAt)
        perform(c.pointee.lifecycle.connected(secure: tls != nil), fd)
    }

    /// Writes the upgrade request (a fresh key, our extension offer) and watches for the answer.
    func sendUpgradeRequest(_ fd: Int32) -> Bool {
        if http2 != nil { return submitExtendedConnect(slot: Int(fd)) }
        let c = connections[fd]
        let keyBits = (keys.next64(), keys.next64())
        let keyBytes = withUnsafeBytes(of: keyBits) { Array($0) }
        let handshake = ClientHandshake(
            host: hostHeader, path: configuration.target.path, keyBytes: keyBytes, origin: configuration.origin,
            extensionOffer: offer, subprotocols: configuration.subprotocols, headers: configuration.headers)
        connections.slot(of: c).pointee.handshake = handshake
        guard let length = handshake.writeRequest(into: send.whole) else {
            return perform(c.pointee.lifecycle.rejected(.handshakeFailed), fd)
        }
        try? epoll.modify(fd, events: .readable)
        send.used = length
        return flush(fd)
    }

    /// Reads (more of) the 101 response and, once accepted, starts sending.
    func readHandshake(_ fd: Int32) {
        let c = connections[fd]
        switch receive.read(from: fd, via: c.pointee.transport, parked: &c.pointee.parked) {
        case .received(let buffer):
            counters.bytesRead &+= buffer.count
            let slot = connections.slot(of: c)
            guard var handshake = slot.pointee.handshake else { return }
            let result = handshake.parseResponse(UnsafeRawBufferPointer(buffer))
            slot.pointee.handshake = handshake
            switch result {
            case .incomplete:
                c.pointee.parked.park(UnsafeRawBufferPointer(buffer))
            case .failed(let failure):
                var note = "handshake failed: \(failure)"
                if case .unexpectedSubprotocol = failure {
                    let offered = configuration.subprotocols
                    note += offered.isEmpty ? "; none was offered" : "; offered: " + offered.joined(separator: ", ")
                }
                shared.note(note)
                perform(c.pointee.lifecycle.rejected(.handshakeFailed), fd)
            case .accepted(let acceptance):
                guard accept(fd, acceptance) else { return }
                let start = c.pointee.lifecycle.handshakeAccepted()
                if acceptance.consumed < buffer.count {
                    // Messages that came with the 101 were sent before any request: take them first,
                    // so a server that speaks first is seen as one (--reply any: unsolicited).
                    processFrames(fd, UnsafeMutableRawBufferPointer(rebasing: buffer[acceptance.consumed...]))
                    guard c.pointee.lifecycle.isOpen else { return }
                }
                guard perform(start, fd) else { return }
                flush(fd)
            }
        case .wouldBlock:
            return
        case .endOfFile, .error:
            shared.note("the server closed the connection before answering the upgrade request (handshake_failed)")
            perform(c.pointee.lifecycle.endOfStream(), fd)
        }
    }

    /// Applies an accepted handshake: extension check, deflate state, reader, counts. False if the
    /// extension answer was rejected (and the connection dropped).
    func accept(_ fd: Int32, _ acceptance: ClientHandshakeAcceptance) -> Bool {
        accept(fd, extensions: acceptance.extensions, subprotocol: acceptance.subprotocol)
    }

    /// Applies a handshake's negotiated values (the 101's, or an HTTP/2 stream's 200). False if the
    /// extension answer was rejected (and the connection dropped).
    func accept(_ fd: Int32, extensions: String?, subprotocol: String?) -> Bool {
        let c = connections[fd]
        let slot = connections.slot(of: c)
        totals.handshake.recordLatency(now - slot.pointee.connectedAt)
        slot.pointee.handshake = nil
        c.pointee.parked.release()
        c.pointee.reader = MessageReader(role: .client, maximumMessageLength: configuration.maximumMessageLength)
        if let options = configuration.compression {
            do {
                if let parameters = try DeflateNegotiation.validateResponse(extensions, offered: options) {
                    c.pointee.session = DeflateSession(client: parameters, options: options, workspace: deflateWorkspace)
                    DeflateSession.allowCompressedFrames(on: &c.pointee.reader)
                }
            } catch {
                shared.note("the server's Sec-WebSocket-Extensions answer was rejected: \(error)")
                perform(c.pointee.lifecycle.rejected(.extensionRejected), fd)
                return false
            }
        }
        totals.negotiated[extensions ?? "", default: 0] += 1
        totals.subprotocols[subprotocol ?? "", default: 0] += 1
        connections.inProgress -= 1
        connections.openCount += 1
        counters.connectionsOpened += 1
        counters.connectionsOpen += 1
        totals.lastOpenedAt = now
        return true
    }

    /// Closes connections stuck connecting or handshaking past the connect timeout.
    func expireConnects() {
        connecting.nextTimeoutScan = now + 100_000_000
        let limit = Int64(configuration.connectTimeoutSeconds * 1e9)
        let within = "within \(Format.trimmed(configuration.connectTimeoutSeconds)) s"
        dropUnopened(notEstablished: "was not established \(within)", deadline: within) { lifecycle, startedAt in
            lifecycle.timeout(now: self.now, startedAt: startedAt, limit: limit)
        }
    }

    /// Drops the connections still connecting or handshaking that `event` gives up on, explaining
    /// each kind (`notEstablished`, `deadline`: in words).
    func dropUnopened(notEstablished: String, deadline: String, _ event: (inout ConnectionLifecycle, Int64) -> ConnectionLifecycle.Action) {
        for slot in 0..<connecting.nextSlot {
            let fd = connections.descriptor(slot: slot)
            guard fd >= 0 else { continue }
            let c = connections[fd]
            let inTLS = c.pointee.lifecycle.state == .tlsHandshaking
            let action = event(&c.pointee.lifecycle, connections.slot(of: c).pointee.startedAt)
            switch action {
            case .drop(.connectTimeout):
                shared.note("the TCP connection to \(address(of: fd)) \(notEstablished) (connect_timeout)")
            case .drop(.handshakeTimeout):
                if inTLS {
                    shared.note("the server accepted the TCP connection but did not complete the TLS handshake \(deadline) (handshake_timeout)")
                } else if c.pointee.parked.isEmpty {
                    shared.note("the server accepted the TCP connection but never answered the upgrade request \(deadline) (handshake_timeout)")
                } else {
                    shared.note("the server began answering the upgrade request but did not finish its response head \(deadline) (handshake_timeout)")
                }
            default:
                break
            }
            perform(action, fd)
        }
    }
}
