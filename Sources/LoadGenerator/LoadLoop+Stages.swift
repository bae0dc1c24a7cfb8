import BenchSupport
import EpollIO
import WebSocketCore

extension LoadLoop {
    /// Moves the thread through running, draining, closing and done (``RunStages``) and carries
    /// out each step.
    func advanceStage() {
        var action = stages.advance(
            now: now, sendingOver: now >= plan.sendUntil || thread.isStopRequested || sendingComplete,
            outstanding: outstanding, openCount: activeCount)
        if action == .stopSending {
            abortConnects()
            action = stages.advance(now: now, sendingOver: true, outstanding: outstanding, openCount: activeCount)
        }
        if action == .beginClosing {
            beginClosing()
            action = stages.closeFramesSent(openCount: activeCount)
        }
        if case .finish(let closeTimedOut) = action {
            if closeTimedOut > 0 {
                counters.count(.closeTimeout, closeTimedOut)
                shared.note("the server had not completed the close handshake within \(Format.trimmed(configuration.closeTimeoutSeconds)) s (close_timeout)")
            }
            closeEverything()
        }
    }

    /// Drops connections still connecting or handshaking: the sending time is over. They are
    /// counted as timed out, since they did not open in the time the run had.
    func abortConnects() {
        _ = connecting.stop()
        dropUnopened(notEstablished: "was still not established when sending ended", deadline: "when sending ended") { lifecycle, _ in
            lifecycle.drainBegan()
        }
    }

    /// Counts what is still unanswered, and sends a close frame on every open connection. A
    /// connection that still holds bytes it could not send is dropped at once as stalled.
    func beginClosing() {
        for slot in 0..<connections.slotCount {
            let fd = connections.descriptor(slot: slot)
            guard fd >= 0 else { continue }
            let c = connections[fd]
            guard c.pointee.lifecycle.isOpen else { continue }
            let unanswered = Int(c.pointee.unanswered)
            if unanswered > 0 { counters.count(.unansweredAtEnd, unanswered) }
            let action = c.pointee.lifecycle.closeBegan(hasUnsentBytes: !c.pointee.outbound.isEmpty)
            if action == .drop(.sendStalled) {
                totals.stall.connections += 1
                totals.stall.unanswered += unanswered
                totals.stall.unsentBytes += c.pointee.outbound.pendingByteCount
                if case .openLoop = pacing { totals.stall.heldBack += Int(c.pointee.scheduled &- c.pointee.sent) }
                totals.stall.longest = max(totals.stall.longest, now - c.pointee.lastSendProgressAt)
            }
            perform(action, fd)
        }
    }

    /// Closes every socket this thread still has.
    func closeEverything() {
        for slot in 0..<connections.slotCount {
            let fd = connections.descriptor(slot: slot)
            if fd >= 0 { abandon(fd, nil) }
        }
        if http2 != nil { closeAllCarriers() }
    }

    /// WebSockets the closing stage waits for: open ones, and HTTP/2 streams whose WebSocket closed
    /// but whose server has not yet ended its half (lingering, bounded by the linger limit).
    var activeCount: Int { connections.openCount + (http2?.lingering ?? 0) }
}
