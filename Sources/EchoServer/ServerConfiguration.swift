import EpollIO
import PerMessageDeflate

/// Everything `wsbench serve` can be told, with the defaults a benchmark server wants.
public struct ServerConfiguration: Sendable {
    /// Address to listen on. Defaults to loopback; use `0.0.0.0` (or `::`) to accept remote load.
    public var host: String = "127.0.0.1"
    /// TCP port (below 32768, so loopback load tests never collide with ephemeral ports).
    public var port: Int = 9001
    /// Event loops, one thread and one SO_REUSEPORT listener each. 0 = one per core.
    public var threads: Int = 0
    /// CPUs to pin loop *i* to (`cpus[i % cpus.count]`); empty = no pinning.
    public var cpus: [Int] = []
    /// The WebSocket endpoint. A plain HTTP request here gets 400.
    public var path: String = ServerConfiguration.defaultPath
    /// Allowed `Origin` values; empty = any (and none). Otherwise a missing or other Origin gets 403.
    public var allowedOrigins: [String] = []
    /// Ping a connection that has been quiet this long, in milliseconds (0 = never). Default 2 minutes.
    public var keepAliveMilliseconds: Int64 = 120_000
    /// Close a connection from which nothing has arrived for this long, in milliseconds
    /// (default: twice the keep-alive interval; 0 = never).
    public var idleTimeoutMilliseconds: Int64? = nil
    /// Close a connection whose HTTP request head has not arrived completely within this long
    /// (slowloris protection), in milliseconds.
    public var handshakeTimeoutMilliseconds: Int64 = 10_000
    /// The largest message (and frame) accepted; larger fails the connection with 1009.
    public var maximumMessageLength: Int = 16 << 20
    /// The largest HTTP request head accepted; larger gets 431.
    public var maximumRequestHeadLength: Int = 8 << 10
    /// Accept no more than this many connections at once (per server); 0 = as many as file
    /// descriptors allow. Over the limit, upgrades get 503.
    public var maximumConnections: Int = 0
    /// Backpressure: stop reading a connection while more than `high` bytes wait to be sent to it,
    /// and resume once at most `low` do.
    public var backpressure = BackpressureWaterMarks(high: 1 << 20, low: 256 << 10)
    /// On SIGINT/SIGTERM: send close 1001 and wait this long for connections to go, in milliseconds.
    public var shutdownTimeoutMilliseconds: Int64 = 5_000
    /// After queueing a close frame (or a final HTTP response), wait this long for it to be sent
    /// and for the peer's close before dropping the TCP connection, in milliseconds.
    public var closeTimeoutMilliseconds: Int64 = 2_000

    /// Serve TLS (`https://`, `wss://`) with this server context on every connection; nil: plain TCP.
    /// (`wsbench serve --tls-cert/--tls-key` or `--tls-self-signed`.)
    public var tls: TLSContext? = nil

    /// permessage-deflate: accepted when a client offers it and `enableCompression` is set (the
    /// default, so the load generator's offer decides whether a run is compressed).
    public var deflate = DeflateOptions()
    /// Whether echoes on a compressed connection are compressed again (per `deflate`'s minimum size).
    /// Off mirrors servers that decompress but answer uncompressed.
    public var compressReplies = true

    /// WebSockets over HTTP/2 (RFC 8441) on the same port: h2c with prior knowledge (told apart from
    /// HTTP/1.1 by the client preface) and, over TLS, ALPN `h2` when the TLS context offers it (make it
    /// with ``applicationProtocols``). Off: every connection is HTTP/1.1 (`wsbench serve --http2 off`).
    public var http2 = true

    /// The ALPN list a server TLS context offers for this server: `h2` first (when HTTP/2 is on), then
    /// `http/1.1`.
    public var applicationProtocols: [String] {
        http2 ? [ServerConfiguration.http2ApplicationProtocol, "http/1.1"] : ["http/1.1"]
    }

    /// ALPN's name for HTTP/2 over TLS.
    public static let http2ApplicationProtocol = "h2"

    /// Debug only: busy-wait this long per echoed message, to check that `wsbench compare` catches a
    /// slowdown (`wsbench serve --inject-delay-ns`). 0 in any real run.
    public var injectedDelayNanoseconds = 0

    /// The WebSocket endpoint unless told otherwise: `/ws`.
    public static let defaultPath = "/ws"

    public init() {}

    /// The idle timeout actually used: the configured one, or twice the keep-alive interval.
    public var effectiveIdleTimeoutMilliseconds: Int64 { idleTimeoutMilliseconds ?? keepAliveMilliseconds * 2 }
}
