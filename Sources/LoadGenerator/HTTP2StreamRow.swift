import HTTP2

/// The HTTP/2 side of one WebSocket slot of an `--http2` run (the WebSocket itself — lifecycle,
/// reader, deflate session, counts — is the slot's ``LoadConnection`` row, as over HTTP/1.1): which
/// carrier and stream it rides, the frames waiting for nghttp2, the response being read, and how
/// the stream ends (``ClientStreamClose``).
struct HTTP2StreamRow {
    /// The carrier's descriptor (-1: none yet).
    var carrier: Int32 = -1
    /// The stream id (0: no request submitted).
    var streamID: Int32 = 0
    /// Counted in its carrier's ``HTTP2Carrier/admission`` until the stream finishes.
    var admitted = false
    /// WebSocket frames not yet taken into DATA frames.
    var bytes = HTTP2StreamOutput(keepsStorageWhenDrained: true)
    /// The data provider returned NGHTTP2_ERR_DEFERRED: resume the stream when bytes arrive.
    var deferred = false
    /// End our half (DATA with END_STREAM) once `bytes` are taken.
    var endStream = false
    var response = ClientResponse()
    var close = ClientStreamClose()
    /// The server's close frame arrived on this WebSocket.
    var closeFrameSeen = false
    /// The stream no longer counts towards its carrier's ``HTTP2Carrier/liveStreams``.
    var finished = false
}
