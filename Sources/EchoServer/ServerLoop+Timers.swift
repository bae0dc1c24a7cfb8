import EpollIO
import WebSocketCore

extension ServerLoop {
    /// Schedules the connection's next keep-alive or idle check from its last activity. Nothing
    /// happens per message: reads only store `lastActivity`; the wheel looks at it when it fires.
    func scheduleKeepAlive(_ fd: Int32) {
        let c = connection(fd)
        let keepAlive = configuration.keepAliveMilliseconds
        let idle = configuration.effectiveIdleTimeoutMilliseconds
        var due = Int64.max
        if keepAlive > 0 && !c.pointee.pingOutstanding { due = c.pointee.lastActivity &+ keepAlive }
        if idle > 0 { due = min(due, c.pointee.lastActivity &+ idle) }
        if due == Int64.max {
            wheel.cancel(fd)
        } else {
            wheel.schedule(fd, at: max(due, now &+ 1))
        }
    }

    /// Handles every timer that has come due.
    func runTimers() {
        while let index = wheel.nextExpired(now: now) {
            timerFired(index)
        }
        if let until = acceptPausedUntil, now >= until, !shuttingDown {
            acceptPausedUntil = nil
            try? epoll.modify(listener, events: .readable)
        }
    }

    func timerFired(_ fd: Int32) {
        guard table.contains(fd) else { return }
        let c = connection(fd)
        switch c.pointee.phase {
        case .free:
            return
        case .handshaking:
            if now >= c.pointee.phaseDeadline {
                counters.handshakeTimeouts &+= 1
                closeConnection(fd, abrupt: true)
            } else {
                wheel.schedule(fd, at: c.pointee.phaseDeadline)
            }
        case .open:
            let idle = configuration.effectiveIdleTimeoutMilliseconds
            let keepAlive = configuration.keepAliveMilliseconds
            let quiet = now &- c.pointee.lastActivity
            if idle > 0 && quiet >= idle {
                counters.idleTimeouts &+= 1
                batch.appendClose(CloseFrame(code: .goingAway, reason: "idle timeout"))
                closeAfterFlush(fd)
                flush(fd)
                return
            }
            if keepAlive > 0 && quiet >= keepAlive && !c.pointee.pingOutstanding {
                c.pointee.pingOutstanding = true
                counters.pingsSent &+= 1
                batch.append(FrameHeader(opcode: .ping, payloadLength: 0), payload: UnsafeRawBufferPointer(start: nil, count: 0))
                guard flush(fd) else { return }
            }
            scheduleKeepAlive(fd)
        case .closing, .closeAfterFlush:
            if now >= c.pointee.phaseDeadline {
                closeConnection(fd, abrupt: c.pointee.phase == .closeAfterFlush)
            } else {
                wheel.schedule(fd, at: c.pointee.phaseDeadline)
            }
        }
    }

    /// Stops accepting and says goodbye (1001) to every upgraded connection.
    func beginShutdown() {
        shuttingDown = true
        shutdownDeadline = now &+ configuration.shutdownTimeoutMilliseconds
        try? epoll.remove(listener)
        Socket.close(listener)
        listener = -1
        guard highestDescriptor >= 0 else { return }
        for fd in 0...highestDescriptor {
            let c = connection(fd)
            switch c.pointee.phase {
            case .handshaking:
                closeConnection(fd)
            case .open:
                batch.appendClose(CloseFrame(code: .goingAway, reason: "server shutting down"))
                c.pointee.phase = .closing
                c.pointee.phaseDeadline = now &+ configuration.closeTimeoutMilliseconds
                guard flush(fd) else { continue }
                wheel.schedule(fd, at: c.pointee.phaseDeadline)
            default:
                continue
            }
        }
    }

    /// At the very end: drop whatever is still open.
    func closeEverything() {
        if highestDescriptor >= 0 {
            for fd in 0...highestDescriptor where connection(fd).pointee.phase != .free {
                closeConnection(fd, abrupt: true)
            }
        }
        if listener >= 0 { Socket.close(listener) }
    }
}
