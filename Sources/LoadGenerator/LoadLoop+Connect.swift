import BenchSupport
import EpollIO
import Glibc
import PerMessageDeflate
import WebSocketCore

extension LoadLoop {
    /// Starts as many connects as the ramp-up rate and the in-progress cap allow.
    func startConnections() {
        while nextSlotToConnect < slotCount && !stopConnecting && inProgress < LoadLoop.maximumConnectsInProgress {
            if connectStep > 0 {
                guard now >= nextConnectAt else { return }
                nextConnectAt += connectStep
            }
            let slot = nextSlotToConnect
            nextSlotToConnect += 1
            connect(slot: slot)
        }
    }

    func connect(slot: Int) {
        let number = plan.connectionNumber(thread: thread.index, slot: slot)
        let sources = configuration.sources
        let source = sources.isEmpty ? nil : sources[number % sources.count]
        counters.connectionsAttempted += 1
        let fd: Int32
        var connected = false
        do {
            switch try Socket.connect(to: configuration.target.address, from: source) {
            case .connected(let descriptor):
                fd = descriptor
                connected = true
            case .inProgress(let descriptor):
                fd = descriptor
            }
        } catch {
            failConnect(slot: slot, errorNumber: error.errorNumber, source: source)
            return
        }
        let c = table.prepare(fd)
        c.pointee = LoadConnection(maximumMessageLength: configuration.maximumMessageLength)
        c.pointee.slot = Int32(slot)
        c.pointee.number = UInt64(number)
        if let count = configuration.messageCount, !openLoop {
            c.pointee.quota = UInt64(LoadPlan.quota(total: count, connections: configuration.connections, number: number))
        }
        c.pointee.startedAt = now
        c.pointee.phase = .connecting
        slotDescriptors[slot] = fd
        inProgress += 1
        do {
            try epoll.add(fd, events: connected ? .readable : .writable)
        } catch {
            shared.note("epoll_ctl failed: \(error)")
            closeConnection(fd, .connectFailed)
            return
        }
        if c.pointee.quota == 0 { settle(c) }
        if connected { connectionEstablished(fd) }
    }

    /// Counts a connect that failed before there was a socket to watch, and explains limits.
    func failConnect(slot: Int, errorNumber: Int32, source: SocketAddress?) {
        settled += 1
        switch errorNumber {
        case ECONNREFUSED:
            counters.count(.connectRefused)
        case EADDRNOTAVAIL, EADDRINUSE:
            counters.count(.addressesExhausted)
            shared.note(
                "no local port left for source \(source.map { $0.host } ?? "(kernel's choice)") after \(counters.connectionsOpened) connections in this thread: add source addresses (--source 127.0.0.1-127.0.0.8)")
        case EMFILE, ENFILE:
            // Nothing more can be opened: count the rest of this thread's connections too.
            let rest = slotCount - nextSlotToConnect
            counters.count(.descriptorLimit, 1 + rest)
            settled += rest
            nextSlotToConnect = slotCount
            stopConnecting = true
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
                shared.note("connection refused by \(configuration.target.address): is the server running?")
            } else {
                shared.note("connect failed: \(error)")
            }
            closeConnection(fd, refused ? .connectRefused : .connectFailed)
            return
        }
        connectionEstablished(fd)
    }

    /// TCP is up: record the connect time and send the upgrade request.
    func connectionEstablished(_ fd: Int32) {
        let c = connection(fd)
        c.pointee.connectedAt = now
        connectTimes.recordLatency(now - c.pointee.startedAt)
        let keyBits = (keys.next64(), keys.next64())
        let keyBytes = withUnsafeBytes(of: keyBits) { Array($0) }
        let handshake = ClientHandshake(
            host: configuration.target.hostHeader, path: configuration.target.path, keyBytes: keyBytes,
            extensionOffer: offer)
        let slot = Int(c.pointee.slot)
        handshakes[slot] = handshake
        c.pointee.phase = .handshaking
        guard let length = handshake.writeRequest(into: UnsafeMutableRawBufferPointer(start: sendBuffer, count: sendCapacity)) else {
            closeConnection(fd, .handshakeFailed)
            return
        }
        try? epoll.modify(fd, events: .readable)
        sendUsed = length
        _ = flush(fd)
    }

    /// Reads (more of) the 101 response and, once accepted, starts sending.
    func readHandshake(_ fd: Int32) {
        let c = connection(fd)
        switch receive.read(from: fd, parked: &c.pointee.parked) {
        case .received(let buffer):
            counters.bytesRead &+= buffer.count
            let slot = Int(c.pointee.slot)
            guard var handshake = handshakes[slot] else { return }
            let result = handshake.parseResponse(UnsafeRawBufferPointer(buffer))
            handshakes[slot] = handshake
            switch result {
            case .incomplete:
                c.pointee.parked.park(UnsafeRawBufferPointer(buffer))
            case .failed(let failure):
                shared.note("handshake failed: \(failure)")
                closeConnection(fd, .handshakeFailed)
            case .accepted(let acceptance):
                guard accept(fd, acceptance) else { return }
                startSending(fd)
                if acceptance.consumed < buffer.count {
                    processFrames(fd, UnsafeMutableRawBufferPointer(rebasing: buffer[acceptance.consumed...]))
                } else {
                    _ = flush(fd)
                }
            }
        case .wouldBlock:
            return
        case .endOfFile, .error:
            shared.note("the server closed the connection before answering the upgrade request (handshake_failed)")
            closeConnection(fd, .handshakeFailed)
        }
    }

    /// Applies an accepted handshake: extension check, deflate state, reader. False if it failed.
    func accept(_ fd: Int32, _ acceptance: ClientHandshakeAcceptance) -> Bool {
        let c = connection(fd)
        let slot = Int(c.pointee.slot)
        handshakeTimes.recordLatency(now - c.pointee.connectedAt)
        handshakes[slot] = nil
        c.pointee.parked.release()
        c.pointee.reader = MessageReader(role: .client, maximumMessageLength: configuration.maximumMessageLength)
        if let options = configuration.compression {
            do {
                if let parameters = try DeflateNegotiation.validateResponse(acceptance.extensions, offered: options) {
                    sessions[slot] = DeflateSession(client: parameters, options: options)
                    c.pointee.compressed = true
                    DeflateSession.allowCompressedFrames(on: &c.pointee.reader)
                }
            } catch {
                shared.note("the server's Sec-WebSocket-Extensions answer was rejected: \(error)")
                closeConnection(fd, .extensionRejected)
                return false
            }
        }
        negotiated[acceptance.extensions ?? "", default: 0] += 1
        c.pointee.phase = .open
        inProgress -= 1
        openCount += 1
        counters.connectionsOpened += 1
        counters.connectionsOpen += 1
        lastOpenedAt = now
        return true
    }

    /// Closes connections stuck connecting or handshaking past the connect timeout.
    func expireConnects() {
        nextTimeoutScan = now + 100_000_000
        let limit = Int64(configuration.connectTimeoutSeconds * 1e9)
        let within = "within \(Format.trimmed(configuration.connectTimeoutSeconds)) s"
        for slot in 0..<nextSlotToConnect {
            let fd = slotDescriptors[slot]
            guard fd >= 0 else { continue }
            let c = connection(fd)
            guard now - c.pointee.startedAt > limit else { continue }
            switch c.pointee.phase {
            case .connecting:
                shared.note("the TCP connection to \(configuration.target.address) was not established \(within) (connect_timeout)")
                closeConnection(fd, .connectTimeout)
            case .handshaking:
                noteHandshakeWait(fd, within)
                closeConnection(fd, .handshakeTimeout)
            default:
                break
            }
        }
    }

    /// Explains a connection whose upgrade request went unanswered until `deadline` (in words).
    func noteHandshakeWait(_ fd: Int32, _ deadline: String) {
        if connection(fd).pointee.parked.isEmpty {
            shared.note("the server accepted the TCP connection but never answered the upgrade request \(deadline) (handshake_timeout)")
        } else {
            shared.note("the server began answering the upgrade request but did not finish its response head \(deadline) (handshake_timeout)")
        }
    }
}
