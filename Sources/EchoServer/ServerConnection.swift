import EpollIO
import PerMessageDeflate
import WebSocketCore

/// Where a server connection is in its life.
enum ConnectionPhase: UInt8 {
    /// The slot is unused.
    case free
    /// Waiting for the HTTP request head.
    case handshaking
    /// Upgraded: echoing messages.
    case open
    /// We sent a close frame (or answered one, and shut down our sending side) and wait for the
    /// peer's close frame or end of stream, up to the close timeout. Data is no longer echoed.
    case closing
    /// A final answer (close frame or HTTP response) is queued: once it has drained, shut down the
    /// sending side and move to `closing`, so that the peer reads the answer before the socket goes.
    /// If it has not drained by the close timeout (a peer that does not read), the socket goes anyway.
    case closeAfterFlush
}

/// The state of one accepted connection, kept in the loop's fd-indexed table.
///
/// Small on purpose: an idle upgraded connection owns no heap memory beyond this struct (its
/// message and outbound buffers are allocated only while needed).
struct ServerConnection {
    var phase: ConnectionPhase = .free
    /// Whether EPOLLIN is currently off because of backpressure.
    var readingPaused = false
    /// Whether EPOLLOUT is currently on.
    var watchingWritable = false
    /// Whether the WebSocket handshake completed (the connection counts against the limit).
    var upgraded = false
    /// A ping we sent has not been answered by any traffic yet.
    var pingOutstanding = false
    /// Loop time (ms) of the last read that brought bytes, or of the accept.
    var lastActivity: Int64 = 0
    /// Loop time (ms) by which the current phase must end (handshake or close timeout).
    var phaseDeadline: Int64 = 0
    var reader: MessageReader
    var outbound = OutboundBuffer()
    /// A request head cut off at the end of a read.
    var parked = ParkedBytes()
    var requestParser: HTTPRequestParser
    /// permessage-deflate state, when negotiated (zlib state itself is allocated on first use).
    var deflate: DeflateSession? = nil

    init(maximumMessageLength: Int, maximumRequestHeadLength: Int) {
        reader = MessageReader(role: .server, maximumMessageLength: maximumMessageLength)
        requestParser = HTTPRequestParser(maximumHeadSize: maximumRequestHeadLength)
    }
}
