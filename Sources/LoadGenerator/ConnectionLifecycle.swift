import WebSocketCore

/// The stages of one load connection — connecting → (tlsHandshaking, for `wss://`) → handshaking →
/// open → closing → closed — as a
/// value with no I/O (modelled on swift-websocket's `WebSocketStateMachine`): each event is a
/// `mutating` method that moves the stage on and returns the ``Action`` the loop must carry out.
/// The loop owns the socket and the buffers; this type only decides.
///
/// A vacant table row is `closed`. ``Action/drop(_:)`` leaves the lifecycle `closed`; the loop then
/// closes the socket, frees the row and counts the kind. ``wasOpened`` tells the loop which of its
/// counts (connecting or open) the connection leaves.
struct ConnectionLifecycle: Equatable {
    enum State: UInt8 {
        /// `connect` in progress (waiting for writable).
        case connecting
        /// `wss://`: TCP is up, the TLS handshake runs in steps as the socket allows (under the
        /// same connect timeout as the upgrade).
        case tlsHandshaking
        /// Upgrade request sent, waiting for the 101.
        case handshaking
        /// Upgraded: sending and verifying messages.
        case open
        /// Our close frame is sent; waiting for the server's (or its end of stream).
        case closing
        /// No connection (a vacant row, or one just dropped).
        case closed
    }

    /// What the loop does after an event.
    enum Action: Equatable {
        /// Nothing more.
        case none
        /// TCP is up (`wss://`): take the TLS handshake its first step.
        case startTLS
        /// TCP (and TLS) is up: send the upgrade request.
        case sendRequest
        /// Upgraded: start the exchange (closed loop: put the first messages in flight).
        case startSending
        /// The connection's quota is echoed: its exchange is over (it stays open until the end).
        case settle
        /// Queue a close frame with this code and flush it; the connection stays, closing.
        case sendClose(CloseCode)
        /// Queue a close frame with this code (nil: none), flush it, then drop with `kind`.
        case sendCloseAndDrop(CloseCode?, LoadErrorKind)
        /// Close the socket and free the slot, counting `kind` if given.
        case drop(LoadErrorKind?)
    }

    private(set) var state: State
    /// Whether the handshake completed (the connection counted as open, not as connecting).
    private(set) var wasOpened = false

    /// A lifecycle in `state` (`.closed` for a vacant row, `.connecting` after `connect`).
    init(_ state: State = .closed) {
        self.state = state
    }

    /// Whether messages flow (the hot path's only question).
    @inline(__always)
    var isOpen: Bool { state == .open }

    /// The TCP connection is established; `secure`: TLS comes first.
    mutating func connected(secure: Bool = false) -> Action {
        guard state == .connecting else { return .none }
        if secure {
            state = .tlsHandshaking
            return .startTLS
        }
        state = .handshaking
        return .sendRequest
    }

    /// The TLS handshake completed: send the upgrade request.
    mutating func tlsHandshakeCompleted() -> Action {
        guard state == .tlsHandshaking else { return .none }
        state = .handshaking
        return .sendRequest
    }

    /// The TLS handshake failed (or the server closed during it): dropped as `tls_failed`.
    mutating func tlsHandshakeFailed() -> Action {
        guard state == .tlsHandshaking else { return .none }
        return drop(.tlsFailed)
    }

    /// The server's 101 (and its extension answer) was accepted.
    mutating func handshakeAccepted() -> Action {
        guard state == .handshaking else { return .none }
        state = .open
        wasOpened = true
        return .startSending
    }

    /// The handshake failed (`handshakeFailed`, `extensionRejected`), or the connect did
    /// (`connectRefused`, `connectFailed`).
    mutating func rejected(_ kind: LoadErrorKind) -> Action {
        guard state == .connecting || state == .tlsHandshaking || state == .handshaking else { return .none }
        return drop(kind)
    }

    /// An echo arrived; `received` echoes of `quota` are in.
    @inline(__always)
    mutating func echoReceived(received: UInt64, quota: UInt64) -> Action {
        received == quota ? .settle : .none
    }

    /// Periodic check of the connect timeout: a connection not open `limit` ns after `startedAt`
    /// is dropped as `connect_timeout` (no TCP) or `handshake_timeout` (no TLS handshake, or no 101).
    mutating func timeout(now: Int64, startedAt: Int64, limit: Int64) -> Action {
        guard now - startedAt > limit else { return .none }
        return connectAbandoned()
    }

    /// Sending ended (the drain began): a connection still connecting or handshaking will not open
    /// in the time the run had, and is counted as timed out.
    mutating func drainBegan() -> Action {
        connectAbandoned()
    }

    private mutating func connectAbandoned() -> Action {
        switch state {
        case .connecting: return drop(.connectTimeout)
        case .tlsHandshaking, .handshaking: return drop(.handshakeTimeout)
        case .open, .closing, .closed: return .none
        }
    }

    /// The drain is over: an open connection sends its close frame, unless bytes still wait
    /// unsent — then the server stopped reading, its close frame would not get through either,
    /// and it is dropped as `send_stalled`.
    mutating func closeBegan(hasUnsentBytes: Bool) -> Action {
        guard state == .open else { return .none }
        if hasUnsentBytes { return drop(.sendStalled) }
        state = .closing
        return .sendClose(.normalClosure)
    }

    /// A close frame from the server: the answer to ours while closing; during the run it is
    /// answered with the same code and counted as `server_closed`.
    mutating func closeReceived(_ code: CloseCode?) -> Action {
        switch state {
        case .closing: return drop(nil)
        case .open:
            state = .closed
            return .sendCloseAndDrop(code, .serverClosed)
        case .connecting, .tlsHandshaking, .handshaking, .closed: return .none
        }
    }

    /// The echo stream broke RFC 6455: closed with `code` (while open), or just dropped while closing.
    mutating func protocolError(_ code: CloseCode) -> Action {
        switch state {
        case .open:
            state = .closed
            return .sendCloseAndDrop(code, .protocolError)
        case .closing: return drop(nil)
        case .connecting, .tlsHandshaking, .handshaking, .closed: return .none
        }
    }

    /// The server ended the stream (EOF or a read error). Expected only after our close frame.
    mutating func endOfStream() -> Action {
        switch state {
        case .closing: return drop(nil)
        case .open: return drop(.unexpectedClose)
        case .handshaking, .connecting: return drop(.handshakeFailed)
        case .tlsHandshaking: return drop(.tlsFailed)
        case .closed: return .none
        }
    }

    /// A write failed: the connection is gone (expected only while closing). Also after
    /// ``closeReceived(_:)`` or ``protocolError(_:)``, whose close frame may fail to go out.
    mutating func writeFailed() -> Action {
        let kind: LoadErrorKind? = state == .closing ? nil : .unexpectedClose
        state = .closed
        return .drop(kind)
    }

    /// The loop gives up on the connection for its own reason (`kind`, or none at the end of the run).
    mutating func abandon(_ kind: LoadErrorKind?) -> Action {
        drop(kind)
    }

    private mutating func drop(_ kind: LoadErrorKind?) -> Action {
        guard state != .closed else { return .none }
        state = .closed
        return .drop(kind)
    }
}
