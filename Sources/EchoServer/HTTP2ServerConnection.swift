import CNghttp2
import HTTP2

/// The HTTP/2 side of one server connection: its nghttp2 server session, which owns the connection's
/// bytes (framing, HPACK, flow control, SETTINGS), and the streams open on it. nghttp2's callbacks
/// (set once per process in ``callbacks``) find this object through the session's user data and
/// hand each event to the loop that owns the connection (`ServerLoop+HTTP2.swift`), with static
/// dispatch.
///
/// The session runs with automatic WINDOW_UPDATE off: the loop gives DATA bytes back per stream
/// (``HTTP2StreamWindow``) so a client that stops reading a stream stops being able to send on it.
final class HTTP2ServerConnection {
    /// The loop that owns the connection (it outlives every connection it owns).
    unowned(unsafe) let loop: ServerLoop
    let fd: Int32
    /// The `nghttp2_session*`.
    let session: OpaquePointer
    /// The streams with a slot, by identifier (for timers, shutdown and cleanup; the per-message path
    /// finds a stream through nghttp2's stream user data instead).
    var streams: [Int32: HTTP2StreamSlot] = [:]
    /// Whether GOAWAY has been submitted (shutdown, idle timeout).
    var goAwaySubmitted = false
    /// Set when a write from inside `nghttp2_session_mem_send` (``sendDataCallback``) failed: the
    /// callback fails the session and the loop drops the connection once mem_send has returned.
    var writeFailed = false

    /// Makes the session and queues the server's SETTINGS (extended CONNECT on) and the connection
    /// window update; nil if nghttp2 cannot (out of memory).
    init?(loop: ServerLoop, fd: Int32) {
        self.loop = loop
        self.fd = fd
        var made: OpaquePointer? = nil
        // The user data is set below, once `self` is complete.
        guard nghttp2_session_server_new2(&made, HTTP2ServerConnection.callbacks, nil, HTTP2ServerConnection.options) == 0,
            let made
        else { return nil }
        session = made
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())
        let settings = HTTP2ServerSettings.entries
        let submitted = settings.withUnsafeBufferPointer {
            nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), $0.baseAddress, $0.count)
        }
        guard submitted == 0,
            nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, HTTP2ServerSettings.connectionWindow) == 0
        else {
            nghttp2_session_del(session)
            return nil
        }
    }

    deinit {
        nghttp2_session_del(session)
    }

    /// The slot of stream `id`, through nghttp2's stream user data (nil: none, or not a request stream).
    @inline(__always)
    func slot(_ id: Int32) -> HTTP2StreamSlot? {
        guard let pointer = nghttp2_session_get_stream_user_data(session, id) else { return nil }
        return Unmanaged<HTTP2StreamSlot>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Gives `count` received DATA bytes of stream `id` back to the peer's window.
    @inline(__always)
    func consumeStream(_ id: Int32, _ count: Int) {
        if count > 0 { _ = nghttp2_session_consume_stream(session, id, count) }
    }

    /// Resets stream `id` with `errorCode` (NGHTTP2_NO_ERROR, NGHTTP2_CANCEL, …).
    func reset(_ id: Int32, _ errorCode: nghttp2_error_code) {
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, errorCode.rawValue)
    }

    /// Queues GOAWAY (no error), naming the last stream the server processed.
    func submitGoAway() {
        guard !goAwaySubmitted else { return }
        goAwaySubmitted = true
        let last = nghttp2_session_get_last_proc_stream_id(session)
        _ = nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, NGHTTP2_NO_ERROR.rawValue, nil, 0)
    }

    /// Queues response HEADERS `:status` + `fields` on stream `id`; with a body (`hasBody`), DATA
    /// comes from the stream's output through ``dataProvider``, otherwise the HEADERS end the stream.
    @discardableResult
    func submitResponse(_ id: Int32, status: Int, fields: [(name: String, value: String)], hasBody: Bool) -> Bool {
        var all = [(name: ":status", value: String(status))]
        all += fields
        // One buffer for every name and value: nghttp2 copies them during the call.
        let total = all.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
        let list = UnsafeMutablePointer<nghttp2_nv>.allocate(capacity: all.count)
        defer {
            bytes.deallocate()
            list.deallocate()
        }
        var at = 0
        for (i, field) in all.enumerated() {
            let name = bytes + at
            for b in field.name.utf8 { bytes[at] = b; at += 1 }
            let value = bytes + at
            for b in field.value.utf8 { bytes[at] = b; at += 1 }
            list[i] = nghttp2_nv(
                name: name, value: value, namelen: field.name.utf8.count, valuelen: field.value.utf8.count,
                flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
        }
        if hasBody {
            var provider = HTTP2ServerConnection.dataProvider
            return nghttp2_submit_response(session, id, list, all.count, &provider) == 0
        }
        return nghttp2_submit_response(session, id, list, all.count, nil) == 0
    }

    // MARK: nghttp2 callbacks (one set per process)

    /// Session options: automatic WINDOW_UPDATE off (the loop consumes per stream, see the type's
    /// documentation).
    nonisolated(unsafe) static let options: OpaquePointer = {
        var option: OpaquePointer? = nil
        precondition(nghttp2_option_new(&option) == 0, "nghttp2_option_new failed")
        nghttp2_option_set_no_auto_window_update(option, 1)
        return option!
    }()

    /// The DATA source of every answered stream: the stream's ``HTTP2StreamSlot/output``.
    static let dataProvider = nghttp2_data_provider(
        source: nghttp2_data_source(ptr: nil),
        read_callback: { session, streamID, buffer, length, flags, _, userData in
            HTTP2ServerConnection.from(userData).loop.http2ReadData(
                HTTP2ServerConnection.from(userData), streamID, buffer!, length, flags!)
        })

    /// A DATA frame whose payload the data provider left in the stream's output
    /// (`NGHTTP2_DATA_FLAG_NO_COPY`): the loop writes its header and the payload in place.
    static let sendDataCallback: nghttp2_send_data_callback = { _, frame, header, length, _, userData in
        HTTP2ServerConnection.from(userData).loop.http2SendData(HTTP2ServerConnection.from(userData), frame!, header!, length)
    }

    @inline(__always)
    static func from(_ userData: UnsafeMutableRawPointer?) -> HTTP2ServerConnection {
        Unmanaged<HTTP2ServerConnection>.fromOpaque(userData!).takeUnretainedValue()
    }

    nonisolated(unsafe) static let callbacks: OpaquePointer = {
        var made: OpaquePointer? = nil
        precondition(nghttp2_session_callbacks_new(&made) == 0, "nghttp2_session_callbacks_new failed")
        let callbacks = made!
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { _, frame, userData in
            let frame = frame!.pointee
            guard frame.hd.type == UInt8(NGHTTP2_HEADERS.rawValue), frame.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }
            HTTP2ServerConnection.from(userData).loop.http2RequestBegins(HTTP2ServerConnection.from(userData), frame.hd.stream_id)
            return 0
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, userData in
            let connection = HTTP2ServerConnection.from(userData)
            guard let slot = connection.slot(frame!.pointee.hd.stream_id) else { return 0 }
            // A request with absurdly many fields is reset (nghttp2 bounds each block's size itself).
            guard slot.headers.fieldCount < 256 else { return Int32(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
            slot.headers.add(
                name: UnsafeRawBufferPointer(start: name, count: nameLength),
                value: UnsafeRawBufferPointer(start: value, count: valueLength))
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { _, frame, userData in
            let connection = HTTP2ServerConnection.from(userData)
            let header = frame!.pointee.hd
            let endStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
            switch Int(header.type) {
            case Int(NGHTTP2_HEADERS.rawValue):
                guard let slot = connection.slot(header.stream_id) else { return 0 }
                if frame!.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
                    connection.loop.http2RequestReceived(connection, slot)
                }
                if endStream { connection.loop.http2RemoteEnded(connection, slot) }
            case Int(NGHTTP2_DATA.rawValue):
                if endStream, let slot = connection.slot(header.stream_id) { connection.loop.http2RemoteEnded(connection, slot) }
            default:
                break
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { _, _, streamID, data, length, userData in
            let connection = HTTP2ServerConnection.from(userData)
            // The chunk lies in the loop's receive buffer (nghttp2_session_mem_recv's input), which the
            // loop owns and may unmask in place.
            connection.loop.http2DataReceived(
                connection, streamID, UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(mutating: data), count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, streamID, errorCode, userData in
            let connection = HTTP2ServerConnection.from(userData)
            connection.loop.http2StreamClosed(connection, streamID, errorCode: errorCode)
            return 0
        }
        nghttp2_session_callbacks_set_data_source_read_length_callback(callbacks, DataFrameLength.largestAllowed)
        nghttp2_session_callbacks_set_send_data_callback(callbacks, sendDataCallback)
        return callbacks
    }()
}
