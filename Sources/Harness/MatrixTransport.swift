/// The transport axis of a sweep (`wsbench matrix --transports ws,wss`): plain WebSockets, or
/// WebSockets over TLS. For `wss` the harness starts the built-in server with `--tls-self-signed`
/// and the load side skips certificate verification (the `--insecure` configuration): the sweep
/// measures the cost of TLS, not a PKI.
public enum MatrixTransport: String, CaseIterable, Sendable {
    case ws
    case wss

    /// The URL scheme, the same as the name.
    public var scheme: String { rawValue }
}
