/// The transport axis of a sweep (`wsbench matrix --transports ws,wss,h2c,h2`): plain WebSockets,
/// WebSockets over TLS, and WebSockets over HTTP/2 (RFC 8441) — `h2c` with prior knowledge on a
/// cleartext port, `h2` over TLS by ALPN. For the TLS ones the harness starts the built-in server with
/// `--tls-self-signed` and the load side skips certificate verification (the `--insecure`
/// configuration): the sweep measures the cost of TLS, not a PKI. The HTTP/2 ones run `wsbench load
/// --http2` with the cell's streams per connection.
public enum MatrixTransport: String, CaseIterable, Sendable {
    case ws
    case wss
    case h2c
    case h2

    /// The URL scheme: `ws` (ws, h2c) or `wss` (wss, h2).
    public var scheme: String { isSecure ? "wss" : "ws" }

    /// Whether the transport is TLS.
    public var isSecure: Bool { self == .wss || self == .h2 }

    /// Whether WebSockets travel as HTTP/2 streams (`wsbench load --http2`).
    public var isHTTP2: Bool { self == .h2c || self == .h2 }
}
