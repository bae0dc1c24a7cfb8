@testable import EchoServer
import Testing
import WebSocketCore

/// The lifecycle events an HTTP/2 connection and its WebSocket streams go through, as values (no
/// sockets): the connection turns HTTP/2 after its preface or ALPN, and a stream's WebSocket ends
/// with the RFC 8441 close sequence.
@Suite struct HTTP2StreamLifecycleTests {
    let timeouts = ConnectionTimeouts(handshake: 10_000, close: 2_000, keepAlive: 100_000, idle: 200_000)

    @Test func aConnectionTurnsHTTP2WithinItsHandshakeAndIsNotAWebSocketItself() {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        #expect(lifecycle.http2Started(at: 1_200, timeouts) == .schedule(at: 101_200))
        #expect(lifecycle.phase == .open)
        #expect(!lifecycle.isUpgraded)
        // Its idle timeout still applies (HTTP/2 PING first, then the close that becomes GOAWAY).
        #expect(lifecycle.timerFired(at: 101_200, timeouts) == .sendPing(nextCheckAt: 201_200))
        #expect(lifecycle.timerFired(at: 201_200, timeouts) == .sendClose(.goingAway, .idleTimeout, deadline: 203_200))
    }

    @Test func onlyAConnectionStillInItsHandshakeTurnsHTTP2() {
        var free = ServerConnectionLifecycle()
        #expect(free.http2Started(at: 0, timeouts) == .none)
        var tls = ServerConnectionLifecycle()
        _ = tls.accepted(at: 0, timeouts, tlsHandshake: true)
        #expect(tls.http2Started(at: 0, timeouts) == .none)
        _ = tls.tlsHandshakeCompleted()
        #expect(tls.http2Started(at: 0, timeouts) != .none)
    }

    /// A stream's WebSocket, opened at t = 1000.
    func openStream() -> ServerConnectionLifecycle {
        var lifecycle = ServerConnectionLifecycle()
        _ = lifecycle.accepted(at: 1_000, timeouts)
        _ = lifecycle.upgraded(at: 1_000, timeouts)
        return lifecycle
    }

    @Test func thePeersCloseIsAnsweredThenOurEndOfStreamFollowsTheDrainedCloseFrame() {
        var stream = openStream()
        #expect(stream.peerClosed(.normalClosure, at: 2_000, timeouts) == .sendClose(.normalClosure, .answer, deadline: 4_000))
        // The loop ignores the peer's END_STREAM in this phase: our close frame is still going out.
        #expect(stream.phase == .closeAfterFlush)
        // Drained: END_STREAM (the stream's "shut down the write side").
        #expect(stream.outputDrained(at: 2_100, timeouts) == .shutdownWriteSide(deadline: 4_100))
        #expect(stream.endOfStream() == .drop(.orderly))
    }

    @Test func endStreamWithoutACloseFrameIsAnAbruptEndReset() {
        let stream = openStream()
        #expect(stream.endOfStream() == .drop(.abrupt))
    }

    @Test func shutdownSends1001OnEveryStream() {
        var stream = openStream()
        #expect(stream.shutdownRequested(at: 5_000, timeouts) == .sendClose(.goingAway, .shuttingDown, deadline: 7_000))
    }
}
