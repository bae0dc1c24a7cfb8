import EpollIO
import WebSocketCore

extension ServerLoop {
    /// Performs what `fd`'s ``ServerConnectionLifecycle`` decided. The per-message path mostly
    /// gets `.none`, which returns here without a call.
    @inline(__always)
    func perform(_ action: ServerConnectionAction, on fd: Int32) {
        if case .none = action { return }
        performAction(action, on: fd)
    }

    /// The work of ``perform(_:on:)`` for every action but `.none`.
    func performAction(_ action: ServerConnectionAction, on fd: Int32) {
        if connection(fd).pointee.isHTTP2 {
            performHTTP2ConnectionAction(action, fd)
            return
        }
        switch action {
        case .none:
            return
        case .schedule(let deadline):
            wheel.schedule(fd, at: deadline)
        case .cancelTimer:
            wheel.cancel(fd)
        case .sendPing(let nextCheck):
            counters.pingsSent &+= 1
            batch.append(FrameHeader(opcode: .ping, payloadLength: 0), payload: UnsafeRawBufferPointer(start: nil, count: 0))
            guard flush(fd) else { return }
            if let nextCheck { wheel.schedule(fd, at: nextCheck) } else { wheel.cancel(fd) }
        case .sendClose(let code, let reason, let deadline):
            switch reason {
            case .protocolError: counters.protocolErrors &+= 1
            case .idleTimeout: counters.idleTimeouts &+= 1
            case .answer, .shuttingDown: break
            }
            batch.appendClose(CloseFrame(code: code, reason: reason.text))
            wheel.schedule(fd, at: deadline)
            // Sends it behind whatever the batch already holds (echoes from the same read).
            flush(fd)
        case .shutdownWriteSide(let deadline):
            connection(fd).pointee.transport.shutdownWrite(fd)
            wheel.schedule(fd, at: deadline)
        case .drop(let kind):
            if kind == .handshakeTimeout { counters.handshakeTimeouts &+= 1 }
            if !batch.isEmpty {
                guard flush(fd) else { return }
            }
            closeConnection(fd, abrupt: kind.isAbrupt)
        }
    }
}
