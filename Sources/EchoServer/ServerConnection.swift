import EpollIO
import PerMessageDeflate
import WebSocketCore

/// The state of one accepted connection, kept in the loop's fd-indexed ``DescriptorTable``: only
/// what the per-message path and the timers need (the stride is pinned by a test).
///
/// An idle upgraded connection owns no heap memory beyond this struct: its outbound buffer exists
/// only while a write is partial, the reader's message buffers only while a message spans reads,
/// and handshake-only state (``PendingHandshake``) only until the request head is answered.
struct ServerConnection {
    /// Frame decoding and message assembly (unmasking in place, UTF-8, size limit).
    var reader: MessageReader
    /// Whether EPOLLIN is currently off because of backpressure.
    var readingPaused = false
    /// Whether EPOLLOUT is currently on.
    var watchingWritable = false
    /// How the connection's bytes cross its socket: every read, write, shutdown and close goes
    /// through it.
    var transport: Transport = .plainTCP
    /// TLS: give OpenSSL's buffers back once the 101 has gone out, so a WebSocket that then sits idle
    /// does not hold them (the first message allocates them again, once).
    var releasesTLSBuffersWhenDrained = false
    /// Whether the last read or TLS handshake step waits for EPOLLOUT (TLS must write first): the
    /// next writable event reads again. Never set on plain TCP.
    var inputWaitsForWritable = false
    /// Whether the connection speaks HTTP/2 (its session and streams are the loop's
    /// `http2Connections[fd]`); it fits in the padding, so the slot does not grow.
    var isHTTP2 = false
    /// Bytes the kernel did not take yet (storage allocated only then).
    var outbound = OutboundBuffer()
    /// permessage-deflate state, when negotiated (zlib state itself is allocated on first use).
    var deflate: DeflateSession? = nil
    /// The request parser and parked head bytes, from accept until the head is answered.
    var handshake: PendingHandshake? = nil
    /// Phase, timeouts and close handshake: decides what happens on each event.
    var lifecycle = ServerConnectionLifecycle()

    /// A free slot.
    init(maximumMessageLength: Int) {
        reader = MessageReader(role: .server, maximumMessageLength: maximumMessageLength)
    }
}
