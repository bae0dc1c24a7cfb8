import BenchSupport
import EpollIO
import WebSocketCore

extension LoadLoop {
    /// Moves from running to draining to closing to done when their time or condition comes.
    func advanceStage() {
        switch stage {
        case .running:
            if now >= plan.sendUntil || thread.isStopRequested || sendingComplete {
                stage = .draining
                stageDeadline = now + Int64(configuration.drainSeconds * 1e9)
                abortConnects()
            }
            if stage == .draining { fallthrough }
        case .draining:
            if outstanding <= 0 || now >= stageDeadline || openCount == 0 { beginClosing() }
        case .closing:
            if openCount == 0 || now >= stageDeadline {
                if openCount > 0 {
                    counters.count(.closeTimeout, openCount)
                    shared.note("the server had not completed the close handshake within \(Format.trimmed(configuration.closeTimeoutSeconds)) s (close_timeout)")
                }
                closeEverything()
                stage = .done
            }
        case .done:
            break
        }
    }

    /// Drops connections still connecting or handshaking: the sending time is over. They are
    /// counted as timed out, since they did not open in the time the run had.
    func abortConnects() {
        stopConnecting = true
        for slot in 0..<nextSlotToConnect {
            let fd = slotDescriptors[slot]
            guard fd >= 0 else { continue }
            switch connection(fd).pointee.phase {
            case .connecting:
                shared.note("the TCP connection to \(configuration.target.address) was still not established when sending ended (connect_timeout)")
                closeConnection(fd, .connectTimeout)
            case .handshaking:
                noteHandshakeWait(fd, "when sending ended")
                closeConnection(fd, .handshakeTimeout)
            default:
                break
            }
        }
    }

    /// Counts what is still unanswered, and sends a close frame on every open connection. A
    /// connection that still holds bytes it could not send is closed at once: the server stopped
    /// reading, so its close frame would not get through either.
    func beginClosing() {
        stage = .closing
        stageDeadline = now + Int64(configuration.closeTimeoutSeconds * 1e9)
        for slot in 0..<slotCount {
            let fd = slotDescriptors[slot]
            guard fd >= 0 else { continue }
            let c = connection(fd)
            guard c.pointee.phase == .open else { continue }
            let unanswered = Int(c.pointee.unanswered)
            if unanswered > 0 { counters.count(.unansweredAtEnd, unanswered) }
            if !c.pointee.outbound.isEmpty {
                stall.connections += 1
                stall.unanswered += unanswered
                stall.unsentBytes += c.pointee.outbound.pendingByteCount
                if openLoop { stall.heldBack += Int(c.pointee.scheduled &- c.pointee.sent) }
                stall.longest = max(stall.longest, now - c.pointee.lastSendProgressAt)
                closeConnection(fd, .sendStalled)
                continue
            }
            appendClose(CloseFrame(code: .normalClosure))
            c.pointee.phase = .closing
            flush(fd)
        }
        if openCount == 0 {
            closeEverything()
            stage = .done
        }
    }

    /// Closes every socket this thread still has.
    func closeEverything() {
        for slot in 0..<slotCount {
            let fd = slotDescriptors[slot]
            if fd >= 0 { closeConnection(fd, nil) }
        }
    }
}
