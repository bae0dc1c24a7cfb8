import HTTP2
import WebSocketCore

/// One stream of an HTTP/2 connection: while it carries a WebSocket (RFC 8441), the same per-WebSocket
/// state an HTTP/1.1 connection keeps in its table slot — a ``ServerConnection`` with its
/// `MessageReader`, `DeflateSession?` and ``ServerConnectionLifecycle`` — so `processFrames` echoes
/// it exactly as it echoes a socket's bytes; plus what HTTP/2 adds: the request's headers until they
/// are judged, the bytes nghttp2 has not yet taken into DATA frames, the receive-window bookkeeping
/// for backpressure, and how the stream ends.
///
/// Made when a request's HEADERS begin (one allocation per stream, never per message); freed when
/// nghttp2 closes the stream (both sides ended, or reset) or the connection goes.
final class HTTP2StreamSlot {
    /// The stream identifier (odd: client-initiated).
    let id: Int32
    /// The WebSocket's reader, deflate session and lifecycle (its `outbound` and `handshake` are unused:
    /// the stream's bytes go out through ``output``).
    let state: UnsafeMutablePointer<ServerConnection>
    /// The request's fields, collected until its HEADERS end.
    var headers = HTTP2RequestHeaders()
    /// Echoes (or an answer's body) not yet taken into DATA frames. Its storage is kept when drained
    /// only until the loop hands it to its reserve: a loop-wide reserve rather than per-stream keeping,
    /// so an idle stream holds 0 B (keeping a 16 KiB echo's 32 KiB block on each of 10,000 streams is 320 MiB).
    /// Unchecked (like ``window`` and ``dataDeferred``): touched on every message by the loop's thread only.
    @exclusivity(unchecked) var output = HTTP2StreamOutput(keepsStorageWhenDrained: true)
    /// Receive-window bookkeeping: DATA is given back to the peer only while ``output`` is below
    /// the high-water mark.
    @exclusivity(unchecked) var window = HTTP2StreamWindow()
    /// Whether the stream carries a WebSocket (the extended CONNECT was answered 200).
    var isWebSocket = false
    /// Whether the data provider is waiting (returned NGHTTP2_ERR_DEFERRED): queueing output must
    /// resume it.
    @exclusivity(unchecked) var dataDeferred = false
    /// Whether END_STREAM goes out once ``output`` is drained (after our close frame, or an answer's body).
    var endStreamWhenDrained = false
    /// Whether the peer ended its side (END_STREAM received).
    var remoteEnded = false
    /// Set once the WebSocket is over on our side (close handshake done, or failed): the stream is
    /// reset if the peer has not ended its side by then.
    var resetDeadline: Int64? = nil

    init(id: Int32, maximumMessageLength: Int) {
        self.id = id
        state = .allocate(capacity: 1)
        state.initialize(to: ServerConnection(maximumMessageLength: maximumMessageLength))
    }

    deinit {
        output.release()
        state.deinitialize(count: 1)
        state.deallocate()
    }
}
