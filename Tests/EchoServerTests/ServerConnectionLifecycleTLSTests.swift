@testable import EchoServer
import Testing
import WebSocketCore

/// The TLS handshake phase of the connection lifecycle, with no sockets: it comes before the
/// request head, shares the handshake timeout with it, and ends in the HTTP handshake, a drop, or a
/// plaintext answer.
@Suite struct ServerConnectionLifecycleTLSTests {
    /// Handshake 10 s, close 2 s, ping after 100 s quiet, close (1001) after 200 s quiet.
    let timeouts = ConnectionTimeouts(handshake: 10_000, close: 2_000, keepAlive: 100_000, idle: 200_000)

    /// A TLS connection accepted at t = 1000.
    func tlsConnection() -> ServerConnectionLifecycle {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts, tlsHandshake: true)
        return lifecycle
    }

    @Test func acceptOverTLSStartsWithTheTLSHandshakeUnderTheHandshakeTimeout() {
        var lifecycle = ServerConnectionLifecycle()
        #expect(lifecycle.accepted(at: 1_000, timeouts, tlsHandshake: true) == .schedule(at: 11_000))
        #expect(lifecycle.phase == .tlsHandshaking)
        #expect(lifecycle.input == .tlsHandshake)
        #expect(lifecycle.isInUse && !lifecycle.isEchoing && !lifecycle.isUpgraded)
    }

    @Test func aCompletedTLSHandshakeLeadsToTheRequestHeadByTheSameDeadline() {
        var lifecycle = tlsConnection()
        lifecycle.received(at: 4_000)
        #expect(lifecycle.tlsHandshakeCompleted() == .none)
        #expect(lifecycle.phase == .handshaking && lifecycle.input == .requestHead)
        // The deadline did not move: slow TLS plus a slow head is still one timeout.
        #expect(lifecycle.timerFired(at: 10_999, timeouts) == .schedule(at: 11_000))
        #expect(lifecycle.timerFired(at: 11_000, timeouts) == .drop(.handshakeTimeout))
        // Then the upgrade as over plain TCP.
        var upgraded = tlsConnection()
        _ = upgraded.tlsHandshakeCompleted()
        #expect(upgraded.upgraded(at: 2_000, timeouts) == .schedule(at: 101_000))
        #expect(upgraded.phase == .open)
    }

    @Test func aStalledTLSHandshakeIsDroppedAtTheHandshakeTimeout() {
        var lifecycle = tlsConnection()
        lifecycle.received(at: 5_000)
        #expect(lifecycle.timerFired(at: 10_000, timeouts) == .schedule(at: 11_000))
        #expect(lifecycle.timerFired(at: 11_000, timeouts) == .drop(.handshakeTimeout))
    }

    @Test func aFailedTLSHandshakeDropsTheConnection() {
        let lifecycle = tlsConnection()
        #expect(lifecycle.tlsHandshakeFailed() == .drop(.tlsHandshakeFailed))
        #expect(ServerConnectionAction.DropKind.tlsHandshakeFailed.isAbrupt)
        // Only in that phase.
        var open = tlsConnection()
        _ = open.tlsHandshakeCompleted()
        _ = open.upgraded(at: 2_000, timeouts)
        #expect(open.tlsHandshakeFailed() == .none)
        #expect(open.tlsHandshakeCompleted() == .none)
        #expect(open.phase == .open)
    }

    @Test func aPlaintextClientGetsAnHTTPAnswerThenTheConnectionCloses() {
        var lifecycle = tlsConnection()
        #expect(lifecycle.httpResponseQueued(at: 1_200, timeouts) == .schedule(at: 3_200))
        #expect(lifecycle.phase == .closeAfterFlush && lifecycle.input == .discard)
        #expect(lifecycle.outputDrained(at: 1_300, timeouts) == .shutdownWriteSide(deadline: 3_300))
        #expect(lifecycle.endOfStream() == .drop(.orderly))
    }

    @Test func framesAndClosesMeanNothingDuringTheTLSHandshake() {
        var lifecycle = tlsConnection()
        #expect(lifecycle.peerClosed(.normalClosure, at: 2_000, timeouts) == .none)
        #expect(lifecycle.protocolError(.invalidUTF8, at: 2_000, timeouts) == .none)
        #expect(lifecycle.outputDrained(at: 2_000, timeouts) == .none)
        #expect(lifecycle.upgraded(at: 2_000, timeouts) == .none)
        #expect(lifecycle.phase == .tlsHandshaking)
    }

    @Test func aPeerThatGoesOrAShutdownEndsTheTLSHandshake() {
        #expect(tlsConnection().endOfStream() == .drop(.abrupt))
        var lifecycle = tlsConnection()
        #expect(lifecycle.shutdownRequested(at: 2_000, timeouts) == .drop(.orderly))
    }

    @Test func plainTCPSkipsTheTLSPhase() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        #expect(lifecycle.phase == .handshaking)
        #expect(lifecycle.tlsHandshakeCompleted() == .none)
        #expect(lifecycle.tlsHandshakeFailed() == .none)
        #expect(lifecycle.phase == .handshaking)
    }
}
