@testable import EchoServer
import Testing
import WebSocketCore

/// The connection lifecycle alone, with no sockets: each event's transition and the action it returns.
@Suite struct ServerConnectionLifecycleTests {
    /// Handshake 10 s, close 2 s, ping after 100 s quiet, close (1001) after 200 s quiet.
    let timeouts = ConnectionTimeouts(handshake: 10_000, close: 2_000, keepAlive: 100_000, idle: 200_000)

    /// A connection accepted at t = 1000 and upgraded at t = 1500.
    func openConnection() -> ServerConnectionLifecycle {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        lifecycle.received(at: 1_500)
        _ = lifecycle.upgraded(at: 1_500, timeouts)
        return lifecycle
    }

    /// An open connection to which we sent a close (shutdown) at t = 3000 that has drained.
    func closingConnection() -> ServerConnectionLifecycle {
        var lifecycle = openConnection()
        _ = lifecycle.shutdownRequested(at: 3_000, timeouts)
        _ = lifecycle.outputDrained(at: 3_000, timeouts)
        return lifecycle
    }

    @Test func aFreeSlotIgnoresEverything() {
        var lifecycle = ServerConnectionLifecycle()
        #expect(!lifecycle.isInUse)
        #expect(lifecycle.input == .ignore)
        #expect(lifecycle.timerFired(at: 5, timeouts) == .none)
        #expect(lifecycle.shutdownRequested(at: 5, timeouts) == .none)
        #expect(lifecycle.outputDrained(at: 5, timeouts) == .none)
    }

    @Test func acceptSchedulesTheHandshakeTimeout() {
        var lifecycle = ServerConnectionLifecycle()
        #expect(lifecycle.accepted(at: 1_000, timeouts) == .schedule(at: 11_000))
        #expect(lifecycle.phase == .handshaking)
        #expect(lifecycle.input == .requestHead)
        #expect(!lifecycle.isEchoing && !lifecycle.isUpgraded)
    }

    @Test func handshakeTimeoutDropsTheConnection() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        // Bytes of a slow head do not extend the deadline.
        lifecycle.received(at: 5_000)
        #expect(lifecycle.timerFired(at: 10_999, timeouts) == .schedule(at: 11_000))
        #expect(lifecycle.timerFired(at: 11_000, timeouts) == .drop(.handshakeTimeout))
        #expect(ServerConnectionAction.DropKind.handshakeTimeout.isAbrupt)
    }

    @Test func upgradeSchedulesTheKeepAliveCheck() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        lifecycle.received(at: 1_500)
        #expect(lifecycle.upgraded(at: 1_500, timeouts) == .schedule(at: 101_500))
        #expect(lifecycle.phase == .open && lifecycle.isUpgraded && lifecycle.isEchoing)
        #expect(lifecycle.input == .frames)
    }

    @Test func withoutKeepAliveOrIdleTimeoutThereIsNoTimer() {
        let off = ConnectionTimeouts(handshake: 10_000, close: 2_000, keepAlive: 0, idle: 0)
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, off)
        #expect(lifecycle.upgraded(at: 1_000, off) == .cancelTimer)
        #expect(lifecycle.timerFired(at: 900_000, off) == .cancelTimer)
    }

    @Test func quietConnectionIsPingedThenClosedWith1001() {
        var lifecycle = openConnection()
        // Traffic moved the check: early wake-ups only reschedule.
        lifecycle.received(at: 50_000)
        #expect(lifecycle.timerFired(at: 101_500, timeouts) == .schedule(at: 150_000))
        #expect(lifecycle.timerFired(at: 150_000, timeouts) == .sendPing(nextCheckAt: 250_000))
        #expect(lifecycle.pingOutstanding)
        // No second ping while one is outstanding.
        #expect(lifecycle.timerFired(at: 200_000, timeouts) == .schedule(at: 250_000))
        #expect(lifecycle.timerFired(at: 250_000, timeouts) == .sendClose(.goingAway, .idleTimeout, deadline: 252_000))
        #expect(lifecycle.phase == .closeAfterFlush)
        #expect(ServerConnectionAction.CloseReason.idleTimeout.text == "idle timeout")
    }

    @Test func trafficAnswersAnOutstandingPing() {
        var lifecycle = openConnection()
        #expect(lifecycle.timerFired(at: 101_500, timeouts) == .sendPing(nextCheckAt: 201_500))
        lifecycle.received(at: 101_600)
        #expect(!lifecycle.pingOutstanding)
        #expect(lifecycle.timerFired(at: 201_500, timeouts) == .schedule(at: 201_600))
        #expect(lifecycle.timerFired(at: 201_600, timeouts) == .sendPing(nextCheckAt: 301_600))
    }

    @Test func peerCloseIsAnsweredThenOurSideShutsDown() {
        var lifecycle = openConnection()
        #expect(lifecycle.peerClosed(.normalClosure, at: 3_000, timeouts) == .sendClose(.normalClosure, .answer, deadline: 5_000))
        #expect(lifecycle.input == .discard && !lifecycle.isEchoing)
        #expect(lifecycle.outputDrained(at: 3_100, timeouts) == .shutdownWriteSide(deadline: 5_100))
        #expect(lifecycle.phase == .closing && lifecycle.input == .frames)
        #expect(lifecycle.endOfStream() == .drop(.orderly))
    }

    @Test func anEmptyCloseIsAnsweredWithAnEmptyClose() {
        var lifecycle = openConnection()
        #expect(lifecycle.peerClosed(nil, at: 3_000, timeouts) == .sendClose(nil, .answer, deadline: 5_000))
    }

    @Test func ourCloseIsAnsweredByThePeer() {
        var lifecycle = closingConnection()
        #expect(lifecycle.peerClosed(.goingAway, at: 3_500, timeouts) == .drop(.orderly))
    }

    @Test func closeTimeoutWhileClosingIsOrderly() {
        var lifecycle = openConnection()
        _ = lifecycle.peerClosed(.normalClosure, at: 3_000, timeouts)
        _ = lifecycle.outputDrained(at: 3_000, timeouts)
        #expect(lifecycle.timerFired(at: 4_999, timeouts) == .schedule(at: 5_000))
        #expect(lifecycle.timerFired(at: 5_000, timeouts) == .drop(.orderly))
    }

    @Test func closeTimeoutBeforeTheAnswerDrainedIsAbrupt() {
        var lifecycle = openConnection()
        _ = lifecycle.peerClosed(.normalClosure, at: 3_000, timeouts)
        #expect(lifecycle.timerFired(at: 4_000, timeouts) == .schedule(at: 5_000))
        #expect(lifecycle.timerFired(at: 5_000, timeouts) == .drop(.abrupt))
        #expect(lifecycle.endOfStream() == .drop(.abrupt))
    }

    @Test func protocolErrorClosesWithItsCode() {
        var lifecycle = openConnection()
        #expect(lifecycle.protocolError(.invalidUTF8, at: 3_000, timeouts) == .sendClose(.invalidFramePayloadData, .protocolError, deadline: 5_000))
        #expect(lifecycle.phase == .closeAfterFlush)
    }

    @Test func protocolErrorWhileClosingDropsAbruptly() {
        var lifecycle = closingConnection()
        #expect(lifecycle.protocolError(.invalidUTF8, at: 3_100, timeouts) == .drop(.abrupt))
    }

    @Test func httpResponseIsSentThenTheConnectionCloses() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        #expect(lifecycle.httpResponseQueued(at: 1_200, timeouts) == .schedule(at: 3_200))
        #expect(lifecycle.input == .discard)
        #expect(lifecycle.outputDrained(at: 1_200, timeouts) == .shutdownWriteSide(deadline: 3_200))
        // Not a WebSocket: the peer's bytes are never frames.
        #expect(lifecycle.input == .discard && !lifecycle.isUpgraded)
        #expect(lifecycle.endOfStream() == .drop(.orderly))
    }

    @Test func shutdownSays1001ToOpenConnectionsAndDropsHandshakes() {
        var open = openConnection()
        #expect(open.shutdownRequested(at: 3_000, timeouts) == .sendClose(.goingAway, .shuttingDown, deadline: 5_000))
        #expect(ServerConnectionAction.CloseReason.shuttingDown.text == "server shutting down")
        // Already closing: carries on.
        #expect(open.shutdownRequested(at: 3_100, timeouts) == .none)
        var handshaking = ServerConnectionLifecycle()
        _ = handshaking.accepted(at: 1_000, timeouts)
        #expect(handshaking.shutdownRequested(at: 3_000, timeouts) == .drop(.orderly))
    }

    @Test func endOfStreamIsAbruptUnlessClosing() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        #expect(lifecycle.endOfStream() == .drop(.abrupt))
        lifecycle = openConnection()
        #expect(lifecycle.endOfStream() == .drop(.abrupt))
        #expect(lifecycle.transportFailed() == .drop(.abrupt))
    }

    @Test func outputDrainingWhileOpenChangesNothing() {
        var lifecycle = openConnection()
        #expect(lifecycle.outputDrained(at: 2_000, timeouts) == .none)
        #expect(lifecycle.phase == .open)
    }

    @Test func theActionStaysSmall() {
        #expect(MemoryLayout<ServerConnectionAction>.size <= 17)
    }
}
