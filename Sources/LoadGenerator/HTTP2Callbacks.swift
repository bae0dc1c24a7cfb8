import CNghttp2
import HTTP2

/// The nghttp2 callbacks of every `--http2` session: C functions that find the ``LoadLoop`` through
/// the session's user data and the WebSocket slot through the stream's (slot + 1, so nil means none).
enum HTTP2Callbacks {
    static func make() -> ClientSessionCallbacks {
        ClientSessionCallbacks(onHeader: onHeader, onFrameReceived: onFrameReceived, onDataChunk: onDataChunk, onStreamClose: onStreamClose)
    }

    @inline(__always)
    static func loop(_ userData: UnsafeMutableRawPointer?) -> LoadLoop {
        Unmanaged<LoadLoop>.fromOpaque(userData.unsafelyUnwrapped).takeUnretainedValue()
    }

    /// The slot whose stream `id` is, or nil for a stream no WebSocket owns any more.
    @inline(__always)
    static func slot(_ session: OpaquePointer?, _ id: Int32) -> Int? {
        guard let data = nghttp2_session_get_stream_user_data(session, id) else { return nil }
        return Int(bitPattern: data) - 1
    }

    /// The stream user data of `slot`.
    static func userData(slot: Int) -> UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: slot + 1) }

    static let onHeader: nghttp2_on_header_callback = { session, frame, name, nameLength, value, valueLength, _, userData in
        guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_HEADERS.rawValue),
            let slot = HTTP2Callbacks.slot(session, frame.pointee.hd.stream_id), let name, let value
        else { return 0 }
        let loop = HTTP2Callbacks.loop(userData)
        loop.http2.unsafelyUnwrapped.streams[slot].response.field(
            name: String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
            value: String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self))
        return 0
    }

    static let onFrameReceived: nghttp2_on_frame_recv_callback = { session, frame, userData in
        guard let frame else { return 0 }
        let loop = HTTP2Callbacks.loop(userData)
        let header = frame.pointee.hd
        let endsStream = header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0
        switch UInt32(header.type) {
        case NGHTTP2_SETTINGS.rawValue:
            if header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 { loop.carrierSettingsReceived() }
        case NGHTTP2_HEADERS.rawValue:
            guard let slot = HTTP2Callbacks.slot(session, header.stream_id) else { return 0 }
            if frame.pointee.headers.cat == NGHTTP2_HCAT_RESPONSE { loop.streamResponded(slot: slot) }
            if endsStream, let slot = HTTP2Callbacks.slot(session, header.stream_id) { loop.streamRemoteEnded(slot: slot) }
        case NGHTTP2_DATA.rawValue:
            if endsStream, let slot = HTTP2Callbacks.slot(session, header.stream_id) { loop.streamRemoteEnded(slot: slot) }
        case NGHTTP2_GOAWAY.rawValue:
            let goAway = frame.pointee.goaway
            let debugData = UnsafeRawBufferPointer(start: goAway.opaque_data, count: goAway.opaque_data == nil ? 0 : goAway.opaque_data_len)
            loop.carrierGoAwayReceived(ClientGoAway(lastStreamID: goAway.last_stream_id, errorCode: goAway.error_code, debugData: debugData))
        default:
            break
        }
        return 0
    }

    static let onDataChunk: nghttp2_on_data_chunk_recv_callback = { session, _, id, data, length, userData in
        guard let slot = HTTP2Callbacks.slot(session, id), let data else { return 0 }
        HTTP2Callbacks.loop(userData).streamData(slot: slot, UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(mutating: data), count: length))
        return 0
    }

    static let onStreamClose: nghttp2_on_stream_close_callback = { session, id, errorCode, userData in
        guard let slot = HTTP2Callbacks.slot(session, id) else { return 0 }
        HTTP2Callbacks.loop(userData).streamClosed(slot: slot, errorCode: errorCode)
        return 0
    }

    /// The data provider of every stream: copies the slot's waiting frames into the DATA frame,
    /// defers when there are none, and ends the stream once asked to (``HTTP2StreamRow/endStream``).
    static let read: nghttp2_data_source_read_callback = { session, id, buffer, length, flags, _, userData in
        guard let slot = HTTP2Callbacks.slot(session, id), let buffer, let flags else {
            flags?.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
            return 0
        }
        let streams = HTTP2Callbacks.loop(userData).http2.unsafelyUnwrapped.streams
        let n = streams[slot].bytes.take(into: buffer, maximum: length)
        if streams[slot].bytes.isEmpty {
            if streams[slot].endStream {
                flags.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
                return n
            }
            if n == 0 {
                streams[slot].deferred = true
                return Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
        }
        return n
    }
}
