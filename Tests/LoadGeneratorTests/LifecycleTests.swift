@testable import LoadGenerator
import Testing
import WebSocketCore

/// The connection lifecycle and the run stages alone: events in, actions out, no sockets.
@Suite("Lifecycles: connection and run stages")
struct LifecycleTests {
    typealias Action = ConnectionLifecycle.Action

    /// A lifecycle taken from connecting to open, asserting each action.
    func opened() -> ConnectionLifecycle {
        var l = ConnectionLifecycle(.connecting)
        #expect(l.connected() == .sendRequest)
        #expect(l.handshakeAccepted() == .startSending)
        return l
    }

    @Test("a vacant row is closed and ignores events")
    func vacant() {
        var l = ConnectionLifecycle()
        #expect(l.state == .closed)
        #expect(!l.wasOpened)
        #expect(l.connected() == .none)
        #expect(l.handshakeAccepted() == .none)
        #expect(l.closeReceived(.normalClosure) == .none)
        #expect(l.endOfStream() == .none)
        #expect(l.drainBegan() == .none)
        #expect(l.abandon(nil) == .none)
        #expect(l.state == .closed)
    }

    @Test("connecting → handshaking → open → closing → closed, the happy path")
    func happyPath() {
        var l = ConnectionLifecycle(.connecting)
        #expect(l.connected() == .sendRequest)
        #expect(l.state == .handshaking)
        #expect(!l.wasOpened)
        #expect(l.connected() == .none)  // only once
        #expect(l.handshakeAccepted() == .startSending)
        #expect(l.state == .open && l.isOpen && l.wasOpened)
        #expect(l.echoReceived(received: 1, quota: 2) == .none)
        #expect(l.echoReceived(received: 2, quota: 2) == .settle)
        #expect(l.state == .open)
        #expect(l.closeBegan(hasUnsentBytes: false) == .sendClose(.normalClosure))
        #expect(l.state == .closing && !l.isOpen)
        #expect(l.closeBegan(hasUnsentBytes: false) == .none)  // only once
        #expect(l.closeReceived(.normalClosure) == .drop(nil))
        #expect(l.state == .closed && l.wasOpened)
    }

    @Test("closing ends without error on the server's end of stream, a protocol error or a failed write")
    func closingEnds() {
        for event in 0..<3 {
            var l = opened()
            _ = l.closeBegan(hasUnsentBytes: false)
            let action: Action
            switch event {
            case 0: action = l.endOfStream()
            case 1: action = l.protocolError(.protocolError)
            default: action = l.writeFailed()
            }
            #expect(action == .drop(nil))
            #expect(l.state == .closed)
        }
    }

    @Test("connect timeout: connect_timeout without TCP, handshake_timeout without a 101, nothing once open")
    func connectTimeouts() {
        var connecting = ConnectionLifecycle(.connecting)
        #expect(connecting.timeout(now: 10, startedAt: 0, limit: 10) == .none)  // not past the limit yet
        #expect(connecting.state == .connecting)
        #expect(connecting.timeout(now: 11, startedAt: 0, limit: 10) == .drop(.connectTimeout))
        #expect(connecting.state == .closed)

        var handshaking = ConnectionLifecycle(.connecting)
        _ = handshaking.connected()
        #expect(handshaking.timeout(now: 11, startedAt: 0, limit: 10) == .drop(.handshakeTimeout))
        #expect(handshaking.state == .closed && !handshaking.wasOpened)

        var open = opened()
        #expect(open.timeout(now: 1_000, startedAt: 0, limit: 10) == .none)
        #expect(open.state == .open)
    }

    @Test("the drain begins: connections not yet open are counted as timed out")
    func drainBegan() {
        var connecting = ConnectionLifecycle(.connecting)
        #expect(connecting.drainBegan() == .drop(.connectTimeout))
        var handshaking = ConnectionLifecycle(.connecting)
        _ = handshaking.connected()
        #expect(handshaking.drainBegan() == .drop(.handshakeTimeout))
        var open = opened()
        #expect(open.drainBegan() == .none)
        #expect(open.state == .open)
    }

    @Test("handshake rejected, connect failed, or the server hanging up before its 101")
    func rejected() {
        var failed = ConnectionLifecycle(.connecting)
        _ = failed.connected()
        #expect(failed.rejected(.handshakeFailed) == .drop(.handshakeFailed))
        #expect(failed.state == .closed && !failed.wasOpened)

        var extensionRejected = ConnectionLifecycle(.connecting)
        _ = extensionRejected.connected()
        #expect(extensionRejected.rejected(.extensionRejected) == .drop(.extensionRejected))

        var refused = ConnectionLifecycle(.connecting)
        #expect(refused.rejected(.connectRefused) == .drop(.connectRefused))

        var hungUp = ConnectionLifecycle(.connecting)
        _ = hungUp.connected()
        #expect(hungUp.endOfStream() == .drop(.handshakeFailed))

        var open = opened()
        #expect(open.rejected(.handshakeFailed) == .none)  // too late to reject
        #expect(open.handshakeAccepted() == .none)
        #expect(open.state == .open)
    }

    @Test("the server closes first: answered with its code, counted as server_closed")
    func serverClosesFirst() {
        var l = opened()
        #expect(l.closeReceived(CloseCode(rawValue: 1001)) == .sendCloseAndDrop(CloseCode(rawValue: 1001), .serverClosed))
        #expect(l.state == .closed)
        var noCode = opened()
        #expect(noCode.closeReceived(nil) == .sendCloseAndDrop(nil, .serverClosed))
    }

    @Test("while open: a protocol error closes with its code, an end of stream or a failed write is unexpected_close")
    func openFailures() {
        var protocolError = opened()
        #expect(protocolError.protocolError(.protocolError) == .sendCloseAndDrop(.protocolError, .protocolError))
        // The close frame's write may fail after that: still a drop, now counted as unexpected.
        #expect(protocolError.writeFailed() == .drop(.unexpectedClose))
        var endOfStream = opened()
        #expect(endOfStream.endOfStream() == .drop(.unexpectedClose))
        var writeFailed = opened()
        #expect(writeFailed.writeFailed() == .drop(.unexpectedClose))
        #expect(writeFailed.state == .closed)
    }

    @Test("send stall at the end: bytes still unsent when closing begins drop the connection as send_stalled")
    func sendStall() {
        var l = opened()
        #expect(l.closeBegan(hasUnsentBytes: true) == .drop(.sendStalled))
        #expect(l.state == .closed)
    }

    @Test("abandoned by the loop: dropped with its kind, or none at the end of the run")
    func abandoned() {
        var l = opened()
        #expect(l.abandon(.protocolError) == .drop(.protocolError))
        #expect(l.abandon(nil) == .none)  // already closed
        var atEnd = ConnectionLifecycle(.connecting)
        #expect(atEnd.abandon(nil) == .drop(nil))
    }

    // MARK: - Run stages

    func stages() -> RunStages { RunStages(drainSeconds: 2, closeTimeoutSeconds: 5) }

    @Test("running until sending is over, then draining with the drain deadline")
    func runningToDraining() {
        var s = stages()
        #expect(s.stage == .running && s.deadline == .max)
        #expect(s.advance(now: 100, sendingOver: false, outstanding: 3, openCount: 1) == .none)
        #expect(s.advance(now: 100, sendingOver: true, outstanding: 3, openCount: 1) == .stopSending)
        #expect(s.stage == .draining && s.deadline == 100 + 2_000_000_000)
    }

    @Test("draining ends when nothing is outstanding, no connection is open, or the drain time is over")
    func drainingEnds() {
        let cases: [(now: Int64, outstanding: Int, openCount: Int, ends: Bool)] = [
            (1, 3, 1, false), (1, 0, 1, true), (1, 3, 0, true), (2_000_000_000, 3, 1, true), (1, -1, 1, true),
        ]
        for item in cases {
            var s = stages()
            _ = s.advance(now: 0, sendingOver: true, outstanding: item.outstanding, openCount: item.openCount)
            let action = s.advance(now: item.now, sendingOver: true, outstanding: item.outstanding, openCount: item.openCount)
            #expect(action == (item.ends ? .beginClosing : .none))
            #expect(s.stage == (item.ends ? .closing : .draining))
            if item.ends { #expect(s.deadline == item.now + 5_000_000_000) }
        }
    }

    @Test("closing: done once every connection is gone, or at the close timeout with the rest timed out")
    func closingEndsOrTimesOut() {
        var s = stages()
        _ = s.advance(now: 0, sendingOver: true, outstanding: 0, openCount: 2)
        #expect(s.advance(now: 0, sendingOver: true, outstanding: 0, openCount: 2) == .beginClosing)
        #expect(s.closeFramesSent(openCount: 2) == .none)
        #expect(s.advance(now: 4_999_999_999, sendingOver: true, outstanding: 0, openCount: 2) == .none)
        #expect(s.advance(now: 5_000_000_000, sendingOver: true, outstanding: 0, openCount: 2) == .finish(closeTimedOut: 2))
        #expect(s.stage == .done)
        #expect(s.advance(now: 6_000_000_000, sendingOver: true, outstanding: 0, openCount: 0) == .none)

        var answered = stages()
        _ = answered.advance(now: 0, sendingOver: true, outstanding: 0, openCount: 1)
        _ = answered.advance(now: 0, sendingOver: true, outstanding: 0, openCount: 1)
        #expect(answered.advance(now: 1, sendingOver: true, outstanding: 0, openCount: 0) == .finish(closeTimedOut: 0))
    }

    @Test("no connection left when the close frames are out (all stalled or gone): done at once")
    func nothingToClose() {
        var s = stages()
        _ = s.advance(now: 0, sendingOver: true, outstanding: 1, openCount: 1)
        _ = s.advance(now: 2_000_000_000, sendingOver: true, outstanding: 1, openCount: 1)
        #expect(s.stage == .closing)
        #expect(s.closeFramesSent(openCount: 0) == .finish(closeTimedOut: 0))
        #expect(s.stage == .done)
    }
}
