import WebSocketCore

/// The life of one server connection from accept to close, as a pure value: its phase, the flags
/// and times its timeouts depend on, and one `mutating` method per event that updates them and
/// returns the ``ServerConnectionAction`` the loop must perform. No I/O, no allocation, no clock:
/// the loop passes its time (`now`, milliseconds) and the ``ConnectionTimeouts``.
/// (Modelled on hummingbird swift-websocket's `WebSocketStateMachine`.)
///
/// ```
/// free ─accepted→ handshaking ─upgraded→ open ─peer close / protocol error / idle / shutdown→ closeAfterFlush
///   │                  │ (HTTP answer queued)                                 │ output drained
///   │                  └──────────────→ closeAfterFlush ─output drained→ closing ─peer close / end of stream→ drop
///   └─accepted over TLS→ tlsHandshaking ─TLS handshake completed→ handshaking
///                          │ failed → drop;  plain HTTP on the TLS port (answer queued) → closeAfterFlush
/// ```
///
/// The handshake timeout counts from the accept through both handshakes, TLS and HTTP, so a client
/// that stalls in either (slowloris over TLS included) is dropped at the same deadline.
///
/// The per-message path touches only ``received(at:)`` (two stores), ``isEchoing`` and
/// ``outputDrained(at:_:)`` (a phase compare): keep-alive
/// and idle checks happen when the connection's one timer fires, from ``lastActivity``.
struct ServerConnectionLifecycle {
    /// Loop time (ms) of the last read that brought bytes, or of the accept.
    private(set) var lastActivity: Int64 = 0
    /// Loop time (ms) by which the current phase must end (handshake or close timeout).
    private(set) var phaseDeadline: Int64 = 0
    private(set) var phase: ConnectionPhase = .free
    /// Whether the WebSocket handshake completed (the connection counts against the limit).
    private(set) var isUpgraded = false
    /// A ping we sent has not been answered by any traffic yet.
    private(set) var pingOutstanding = false

    /// A free slot's lifecycle.
    init() {}

    /// What the loop does with a readable connection's bytes.
    enum Input {
        /// Nothing: the slot is free.
        case ignore
        /// Take the TLS handshake a step further (the bytes are OpenSSL's).
        case tlsHandshake
        /// Parse them as (more of) the HTTP request head.
        case requestHead
        /// Decode them as WebSocket frames.
        case frames
        /// Read and drop them: an answer is draining, or they were never WebSocket frames.
        case discard
    }

    /// What the loop does with a readable connection's bytes now.
    var input: Input {
        switch phase {
        case .free: return .ignore
        case .tlsHandshaking: return .tlsHandshake
        case .handshaking: return .requestHead
        case .open: return .frames
        // After an HTTP answer the peer's bytes were never WebSocket frames: drop them.
        case .closing: return isUpgraded ? .frames : .discard
        case .closeAfterFlush: return .discard
        }
    }

    /// Whether messages are echoed and pings answered (not once a close is under way).
    @inline(__always)
    var isEchoing: Bool { phase == .open }

    /// Whether the slot holds a connection.
    @inline(__always)
    var isInUse: Bool { phase != .free }

    // MARK: Events

    /// A connection was accepted: its request head (after the TLS handshake, with `tlsHandshake`) is
    /// due within the handshake timeout.
    mutating func accepted(at now: Int64, _ timeouts: ConnectionTimeouts, tlsHandshake: Bool = false) -> ServerConnectionAction {
        self = ServerConnectionLifecycle()
        phase = tlsHandshake ? .tlsHandshaking : .handshaking
        lastActivity = now
        phaseDeadline = now &+ timeouts.handshake
        return .schedule(at: phaseDeadline)
    }

    /// The TLS handshake completed: the request head is read next, by the same deadline.
    mutating func tlsHandshakeCompleted() -> ServerConnectionAction {
        guard phase == .tlsHandshaking else { return .none }
        phase = .handshaking
        return .none
    }

    /// The TLS handshake failed (an alert, a refused protocol version, garbage): the connection goes.
    func tlsHandshakeFailed() -> ServerConnectionAction {
        phase == .tlsHandshaking ? .drop(.tlsHandshakeFailed) : .none
    }

    /// A read brought bytes: the peer is alive (this also answers an outstanding ping). Never an
    /// action: the timer looks at ``lastActivity`` when it fires.
    @inline(__always)
    mutating func received(at now: Int64) {
        lastActivity = now
        pingOutstanding = false
    }

    /// The 101 is queued: the connection is a WebSocket; its timer moves to the keep-alive check.
    mutating func upgraded(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        guard phase == .handshaking else { return .none }
        phase = .open
        isUpgraded = true
        return keepAliveCheck(now, timeouts).map { .schedule(at: $0) } ?? .cancelTimer
    }

    /// The connection turned out to speak HTTP/2 (the client preface on cleartext, or ALPN `h2`): it is
    /// open now, its WebSockets are its streams (each with a lifecycle of its own), and the connection's
    /// timer pings (HTTP/2 PING) and times out the connection as a whole. It does not count as a
    /// WebSocket itself (`isUpgraded` stays false).
    mutating func http2Started(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        guard phase == .handshaking else { return .none }
        phase = .open
        lastActivity = now
        return keepAliveCheck(now, timeouts).map { .schedule(at: $0) } ?? .cancelTimer
    }

    /// A final HTTP response is queued (test page, or an error — also the plaintext 400 that a plain
    /// HTTP client on the TLS port gets instead of a TLS handshake): once it has gone, the sending
    /// side is shut down. The close timeout starts now, as a peer that does not read may never let it go.
    mutating func httpResponseQueued(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        guard phase == .handshaking || phase == .tlsHandshaking else { return .none }
        enterClosePhase(.closeAfterFlush, now, timeouts)
        return .schedule(at: phaseDeadline)
    }

    /// The peer's close frame arrived (`code` nil: an empty close). Open: answer with the same code.
    /// Closing: it answers ours, and the close handshake is complete.
    mutating func peerClosed(_ code: CloseCode?, at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        switch phase {
        case .open: return sendClose(code, .answer, now, timeouts)
        case .closing: return .drop(.orderly)
        case .free, .tlsHandshaking, .handshaking, .closeAfterFlush: return .none
        }
    }

    /// The peer broke the protocol. Open: close with the error's code. Closing: just go.
    mutating func protocolError(_ error: ProtocolError, at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        switch phase {
        case .open: return sendClose(error.closeCode, .protocolError, now, timeouts)
        case .closing: return .drop(.abrupt)
        case .free, .tlsHandshaking, .handshaking, .closeAfterFlush: return .none
        }
    }

    /// Everything queued for the connection has been sent. If that was the final answer, shut down
    /// the sending side and wait for the peer to go, up to the close timeout counted from now.
    /// (On the echo path after every drained write: inlined, one compare.)
    @inline(__always)
    mutating func outputDrained(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        guard phase == .closeAfterFlush else { return .none }
        enterClosePhase(.closing, now, timeouts)
        return .shutdownWriteSide(deadline: phaseDeadline)
    }

    /// The peer's end of stream: the normal end after our close, otherwise the peer vanished.
    func endOfStream() -> ServerConnectionAction {
        .drop(phase == .closing ? .orderly : .abrupt)
    }

    /// A read or write failed (reset, …): the connection is gone.
    func transportFailed() -> ServerConnectionAction {
        .drop(.abrupt)
    }

    /// The connection's timer fired at `now` (possibly early or for an old deadline: each phase
    /// checks its own time and reschedules).
    mutating func timerFired(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        switch phase {
        case .free:
            return .none
        case .tlsHandshaking, .handshaking:
            return now >= phaseDeadline ? .drop(.handshakeTimeout) : .schedule(at: phaseDeadline)
        case .open:
            let quiet = now &- lastActivity
            if timeouts.idle > 0 && quiet >= timeouts.idle {
                return sendClose(.goingAway, .idleTimeout, now, timeouts)
            }
            if timeouts.keepAlive > 0 && quiet >= timeouts.keepAlive && !pingOutstanding {
                pingOutstanding = true
                return .sendPing(nextCheckAt: keepAliveCheck(now, timeouts))
            }
            return keepAliveCheck(now, timeouts).map { .schedule(at: $0) } ?? .cancelTimer
        case .closing, .closeAfterFlush:
            if now < phaseDeadline { return .schedule(at: phaseDeadline) }
            // Closing: the peer did not answer in time. Still draining: it never read our answer.
            return .drop(phase == .closeAfterFlush ? .abrupt : .orderly)
        }
    }

    /// The server stops: a connection still in its handshake (TLS or HTTP) goes at once, an open one
    /// is told 1001, and one already closing carries on.
    mutating func shutdownRequested(at now: Int64, _ timeouts: ConnectionTimeouts) -> ServerConnectionAction {
        switch phase {
        case .tlsHandshaking, .handshaking: return .drop(.orderly)
        case .open: return sendClose(.goingAway, .shuttingDown, now, timeouts)
        case .free, .closing, .closeAfterFlush: return .none
        }
    }

    // MARK: Decisions shared by several events

    /// Queues our close frame: it must drain, and the peer go, within the close timeout from now.
    private mutating func sendClose(
        _ code: CloseCode?, _ reason: ServerConnectionAction.CloseReason, _ now: Int64, _ timeouts: ConnectionTimeouts
    ) -> ServerConnectionAction {
        enterClosePhase(.closeAfterFlush, now, timeouts)
        return .sendClose(code, reason, deadline: phaseDeadline)
    }

    private mutating func enterClosePhase(_ closePhase: ConnectionPhase, _ now: Int64, _ timeouts: ConnectionTimeouts) {
        phase = closePhase
        phaseDeadline = now &+ timeouts.close
    }

    /// When an open connection's timer should next look at it: the keep-alive ping (unless one is
    /// outstanding) or the idle timeout, whichever comes first, never before the next millisecond;
    /// nil if neither is on.
    private func keepAliveCheck(_ now: Int64, _ timeouts: ConnectionTimeouts) -> Int64? {
        var due = Int64.max
        if timeouts.keepAlive > 0 && !pingOutstanding { due = lastActivity &+ timeouts.keepAlive }
        if timeouts.idle > 0 { due = min(due, lastActivity &+ timeouts.idle) }
        return due == Int64.max ? nil : max(due, now &+ 1)
    }
}
