/// The kinds of trouble a run counts (none of them stops the run).
public enum LoadErrorKind: Int, CaseIterable, Sendable {
    /// The target's host name did not resolve (`getaddrinfo` failed; the note gives its reason): no
    /// connection could be attempted. Counted once per connection.
    case dnsFailed
    /// `connect` refused (nothing listening, or the server's backlog is full).
    case connectRefused
    /// Connecting failed otherwise (unreachable, reset, …).
    case connectFailed
    /// The TCP connection was not established within the connect timeout (or before sending ended).
    case connectTimeout
    /// TCP connected, but the server did not answer the upgrade request (a whole response head)
    /// within the connect timeout (or before sending ended).
    case handshakeTimeout
    /// No local port left for this source address (`EADDRNOTAVAIL`): add source addresses.
    case addressesExhausted
    /// The process or the system ran out of file descriptors (`EMFILE`/`ENFILE`).
    case descriptorLimit
    /// The server answered the upgrade with something other than a valid 101 (the note says why:
    /// the status, a wrong `Sec-WebSocket-Accept`, …), or closed the connection instead.
    case handshakeFailed
    /// The server's `Sec-WebSocket-Extensions` answer was not a valid answer to our offer.
    case extensionRejected
    /// The echo stream broke RFC 6455 (a masked frame, a reserved opcode, …, or a compressed echo
    /// that did not inflate); the connection was closed with the matching close code.
    case protocolError
    /// The server sent a close frame while we were still sending.
    case serverClosed
    /// The connection ended (EOF, reset) without a close handshake, between messages or in the
    /// middle of one (the note says which).
    case unexpectedClose
    /// An echo's opcode differed from the message's.
    case opcodeMismatch
    /// An echo's length differed from the message's.
    case lengthMismatch
    /// An echo carried another message's sequence number (dropped, duplicated or reordered).
    case sequenceMismatch
    /// An echo's bytes differed from the message's.
    case contentMismatch
    /// Open loop: a message fell due while the connection already had its window full; not sent.
    case scheduleOverflow
    /// A connection still had bytes it could not send when the drain time ran out: the server
    /// stopped reading (or read too slowly). Counted once per connection; its messages are counted
    /// in ``unansweredAtEnd``.
    case sendStalled
    /// Messages still unanswered when the drain time ran out: sent, or in open loop due (given an
    /// intended send time) but still waiting to be written.
    case unansweredAtEnd
    /// Connections whose close handshake the server had not completed when the close timeout ran out.
    case closeTimeout
    /// `wss://`: the TLS handshake failed — the certificate did not verify (expired, issued for
    /// another name, by an unknown CA), no common protocol version, an alert, or a server that does
    /// not speak TLS at all (the note says which, in words). New kinds go last, so older CSV columns keep their order.
    case tlsFailed
    /// HTTP/2: after the WebSocket close handshake the server did not end its half of the stream
    /// (no END_STREAM) within the linger time; the stream was reset with RST_STREAM(CANCEL).
    case closeNotCompleted
    /// HTTP/2: the server's `SETTINGS_MAX_CONCURRENT_STREAMS` is below `--streams-per-connection`;
    /// the WebSockets beyond it failed at once instead of waiting in the HTTP/2 session.
    case streamLimit
    /// HTTP/2: the server sent GOAWAY; WebSockets on streams it did not process (above its last
    /// stream id), or not yet opened on that connection, failed at once (the note gives the error
    /// code and debug data).
    case goaway
    /// HTTP/2: the server reset the WebSocket's stream with RST_STREAM(REFUSED_STREAM): it did not
    /// process the extended CONNECT.
    case streamRefused

    /// The snake_case name used in result files.
    public var name: String {
        switch self {
        case .dnsFailed: return "dns_failed"
        case .connectRefused: return "connect_refused"
        case .connectFailed: return "connect_failed"
        case .connectTimeout: return "connect_timeout"
        case .handshakeTimeout: return "handshake_timeout"
        case .addressesExhausted: return "addresses_exhausted"
        case .descriptorLimit: return "descriptor_limit"
        case .handshakeFailed: return "handshake_failed"
        case .extensionRejected: return "extension_rejected"
        case .protocolError: return "protocol_error"
        case .serverClosed: return "server_closed"
        case .unexpectedClose: return "unexpected_close"
        case .opcodeMismatch: return "opcode_mismatch"
        case .lengthMismatch: return "length_mismatch"
        case .sequenceMismatch: return "sequence_mismatch"
        case .contentMismatch: return "content_mismatch"
        case .scheduleOverflow: return "schedule_overflow"
        case .sendStalled: return "send_stalled"
        case .unansweredAtEnd: return "unanswered_at_end"
        case .closeTimeout: return "close_timeout"
        case .tlsFailed: return "tls_failed"
        case .closeNotCompleted: return "close_not_completed"
        case .streamLimit: return "stream_limit"
        case .goaway: return "goaway"
        case .streamRefused: return "stream_refused"
        }
    }
}
