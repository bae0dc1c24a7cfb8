import CNghttp2

/// The nghttp2 callbacks of a client session, set once per loop: the owner (the load loop) supplies
/// C function pointers that find it again through the session's user data.
public final class ClientSessionCallbacks {
    let callbacks: OpaquePointer

    public init(
        onHeader: nghttp2_on_header_callback,
        onFrameReceived: nghttp2_on_frame_recv_callback,
        onDataChunk: nghttp2_on_data_chunk_recv_callback,
        onStreamClose: nghttp2_on_stream_close_callback
    ) {
        var made: OpaquePointer? = nil
        guard nghttp2_session_callbacks_new(&made) == 0, let made else { fatalError("nghttp2_session_callbacks_new: out of memory") }
        nghttp2_session_callbacks_set_on_header_callback(made, onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(made, onFrameReceived)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(made, onDataChunk)
        nghttp2_session_callbacks_set_on_stream_close_callback(made, onStreamClose)
        nghttp2_session_callbacks_set_data_source_read_length_callback(made, DataFrameLength.largestAllowed)
        callbacks = made
    }

    deinit {
        nghttp2_session_callbacks_del(callbacks)
    }
}
