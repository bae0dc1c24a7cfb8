import CNghttp2

/// The fixed vocabulary of RFC 8441 (Bootstrapping WebSockets with HTTP/2): the setting a server sends to
/// allow extended CONNECT, and the pseudo-header values a WebSocket stream is opened with.
///
/// The HTTP/2 framing itself (HPACK, flow control, SETTINGS) is nghttp2's; this module is the glue that
/// turns each extended-CONNECT stream into one WebSocket for the same frame engine HTTP/1.1 connections use.
public enum ExtendedConnectProtocol {
    /// `SETTINGS_ENABLE_CONNECT_PROTOCOL` (RFC 8441 section 3), setting identifier 0x8.
    public static let enableConnectProtocolSetting = Int32(NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL.rawValue)
    /// The `:method` of a WebSocket stream.
    public static let method = "CONNECT"
    /// The `:protocol` of a WebSocket stream.
    public static let protocolName = "websocket"
    /// The only `sec-websocket-version` RFC 6455 defines.
    public static let webSocketVersion = "13"
    /// ALPN protocol identifier for HTTP/2 over TLS.
    public static let alpnHTTP2 = "h2"
}
