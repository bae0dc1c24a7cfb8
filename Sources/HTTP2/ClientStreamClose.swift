/// How one WebSocket's HTTP/2 stream ends after the WebSocket closing handshake, as a value with no I/O.
///
/// RFC 8441 maps a WebSocket's TCP FIN to END_STREAM: after the close frames are exchanged each side
/// ends its half. Two server behaviours must not hang or break the client: Hypercorn 0.18 raises and
/// drops the *whole connection* when a client sends END_STREAM right after its close frame
/// (upstream issue 329), and never ends its own half after a client-initiated close. So the client
/// sends only its close frame, waits for the server's close frame, then ends its half with END_STREAM
/// only once the server has ended its own (clean); if the server does not within the linger time, the
/// stream is reset with RST_STREAM(CANCEL) and counted as `close_not_completed`.
public struct ClientStreamClose: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        /// The WebSocket is in use (or closing, before the server's close frame).
        case open
        /// The server's close frame arrived; waiting (until `deadline`, ns) for its END_STREAM.
        case lingering(deadline: Int64)
        /// The stream is finished on our side (END_STREAM queued or RST_STREAM sent).
        case finished
    }

    /// What the owner does.
    public enum Action: Equatable, Sendable {
        case none
        /// End our half: a DATA frame with END_STREAM after the close frame.
        case endStream
        /// Keep the stream (not the WebSocket) until the deadline.
        case linger
        /// RST_STREAM(CANCEL); `closeNotCompleted`: the server never ended its half.
        case reset(closeNotCompleted: Bool)
    }

    public private(set) var phase: Phase = .open
    /// The server ended its half (END_STREAM received).
    public private(set) var remoteEnded = false

    public init() {}

    /// The WebSocket ended after the server's close frame answered ours (a clean WebSocket close):
    /// end our half if the server ended its own, else linger until `now + lingerLimit`.
    public mutating func closeHandshakeCompleted(now: Int64, lingerLimit: Int64) -> Action {
        guard phase == .open else { return .none }
        if remoteEnded {
            phase = .finished
            return .endStream
        }
        phase = .lingering(deadline: now &+ lingerLimit)
        return .linger
    }

    /// The WebSocket ended any other way (an error, a server close during the run, the run's end):
    /// the stream is reset unless the server already closed it.
    public mutating func abandoned() -> Action {
        switch phase {
        case .finished: return .none
        case .open, .lingering:
            phase = .finished
            return remoteEnded ? .none : .reset(closeNotCompleted: false)
        }
    }

    /// END_STREAM from the server.
    public mutating func remoteEndedStream() -> Action {
        remoteEnded = true
        guard case .lingering = phase else { return .none }
        phase = .finished
        return .endStream
    }

    /// The stream closed under us (RST_STREAM from the server, or the connection went): nothing to send.
    public mutating func streamClosed() {
        phase = .finished
    }

    /// Periodic check while lingering: past the deadline the stream is reset and reported.
    public mutating func check(now: Int64) -> Action {
        guard case .lingering(let deadline) = phase, now >= deadline else { return .none }
        phase = .finished
        return .reset(closeNotCompleted: true)
    }

    /// Whether the stream waits for the server's END_STREAM.
    public var isLingering: Bool {
        if case .lingering = phase { return true }
        return false
    }
}
