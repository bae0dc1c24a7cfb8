import WebSocketCore

/// What the loop must do for a connection after a ``ServerConnectionLifecycle`` event: the lifecycle
/// decides, the loop performs (`ServerLoop.perform(_:on:)`), and no decision is taken anywhere else.
///
/// Small (at most 17 bytes) and allocation-free: close reasons are a one-byte enum whose text is
/// a literal.
enum ServerConnectionAction: Equatable {
    /// Nothing to do.
    case none
    /// (Re)arm the connection's timer for this loop time.
    case schedule(at: Int64)
    /// The connection has no deadline any more (keep-alive and idle timeout both off).
    case cancelTimer
    /// Send a ping, then check again at `nextCheckAt` (nil: cancel the timer).
    case sendPing(nextCheckAt: Int64?)
    /// Send a close frame with `code` (nil: an empty close, answering an empty one) and `reason`,
    /// sending what is queued now; the close timeout ends at `deadline` (schedule it).
    case sendClose(CloseCode?, CloseReason, deadline: Int64)
    /// The final answer has gone: shut down our sending side and wait for the peer until `deadline`.
    case shutdownWriteSide(deadline: Int64)
    /// Send whatever is queued, then close the socket and free the slot.
    case drop(DropKind)

    /// Why the server sends a close frame (which also says which counter it counts in).
    enum CloseReason: UInt8 {
        /// Answering the peer's close with the same code.
        case answer
        /// The peer broke RFC 6455 (or the permessage-deflate stream): the code says how.
        case protocolError
        /// Nothing arrived for the idle timeout: 1001 "idle timeout".
        case idleTimeout
        /// The server stops (SIGINT/SIGTERM): 1001 "server shutting down".
        case shuttingDown

        /// The reason text sent in the close frame.
        var text: String {
            switch self {
            case .answer, .protocolError: return ""
            case .idleTimeout: return "idle timeout"
            case .shuttingDown: return "server shutting down"
            }
        }
    }

    /// How a connection ends.
    enum DropKind: UInt8 {
        /// The close handshake completed, or an HTTP answer went out and the peer left.
        case orderly
        /// The peer vanished, failed after our close, or never let our final answer go out.
        case abrupt
        /// The request head did not arrive within the handshake timeout (slowloris, also over TLS).
        case handshakeTimeout
        /// The TLS handshake failed (a refused protocol version, an alert, bytes that are not TLS).
        case tlsHandshakeFailed

        /// Whether this end counts as abrupt.
        var isAbrupt: Bool { self != .orderly }
    }
}
