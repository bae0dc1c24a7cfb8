import CNghttp2

/// The SETTINGS and window sizes `wsbench serve` runs its HTTP/2 connections with.
public enum HTTP2ServerSettings {
    /// SETTINGS_INITIAL_WINDOW_SIZE: each stream may have this many DATA bytes in flight to the
    /// server. 1 MiB, the default backpressure high-water mark: one stream never has more unread
    /// input outstanding than the server lets it queue as output (the 64 KiB default would hold a
    /// 16 KiB-echo stream to 4 messages in flight; not measured separately).
    public static let initialStreamWindow: Int32 = 1 << 20
    /// The connection-level receive window (raised from 64 KiB by a WINDOW_UPDATE at start): the
    /// server consumes connection-level bytes as soon as it has processed them, so this only has to
    /// cover what all streams send between two reads (not measured separately).
    public static let connectionWindow: Int32 = 16 << 20
    /// SETTINGS_MAX_CONCURRENT_STREAMS: WebSockets (and requests) open at once per connection. Each
    /// costs a stream slot (~300 B) plus its reader's and deflate state while in use.
    public static let maximumConcurrentStreams: UInt32 = 1000
    /// SETTINGS_MAX_FRAME_SIZE: the largest DATA frame a client may send (the RFC's default is 16,384,
    /// one byte short of a 16 KiB message with its WebSocket header). DATA is delivered to the loop in
    /// place from the receive buffer, so a large frame costs no buffering.
    public static let maximumFrameSize: UInt32 = 1 << 20

    /// The SETTINGS the server sends first: extended CONNECT on (RFC 8441 section 3), the stream
    /// window, the stream limit and the frame size.
    public static var entries: [nghttp2_settings_entry] {
        [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL.rawValue), value: 1),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(initialStreamWindow)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: maximumConcurrentStreams),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: maximumFrameSize),
        ]
    }
}
