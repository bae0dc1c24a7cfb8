import EpollIO
import HTTP2

/// One TCP connection of an `--http2` run, carrying up to `--streams-per-connection` WebSockets as
/// HTTP/2 streams: its transport, the bytes the socket did not take, and its nghttp2 session. Rows
/// live in ``HTTP2LoadState/carriers``, indexed by descriptor.
struct HTTP2Carrier {
    enum Phase: UInt8 {
        /// `connect` in progress.
        case connecting
        /// `wss://`: TLS handshake in steps.
        case tlsHandshaking
        /// HTTP/2 is running (SETTINGS awaited or received: see ``state``).
        case http2
        /// Being torn down (streams are failed one by one; the socket closes at the end).
        case closing
        /// A vacant row.
        case closed
    }

    var phase = Phase.closed
    /// Preface, SETTINGS and extended-CONNECT permission.
    var state = ClientConnectionState()
    /// Whether one more stream may open: the server's concurrent-stream limit and GOAWAY.
    var admission = ClientStreamAdmission()
    var transport = Transport.plainTCP
    var outbound = OutboundBuffer()
    var session: ClientSession? = nil
    /// The group of slots (`group * K ..< group * K + K`) whose WebSockets it carries.
    var group = -1
    /// Whether EPOLLOUT is on (connecting, TLS wants to write, or unsent bytes wait).
    var watchingWritable = false
    /// When `connect` was called, and when TCP was established (ns).
    var startedAt: Int64 = 0
    /// WebSockets attached and not finished (a lingering stream still counts).
    var liveStreams = 0
    /// All its WebSockets are finished: close it once nghttp2 is no longer inside a callback.
    var closeWanted = false
    /// A failure found inside an nghttp2 callback, carried out after `mem_recv` returns.
    var pendingFailure: (kind: LoadErrorKind, reason: String)? = nil
}
