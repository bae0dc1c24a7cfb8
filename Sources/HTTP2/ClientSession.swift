import CNghttp2

/// One client HTTP/2 connection's nghttp2 session, driven with `mem_recv`/`mem_send` over the
/// caller's buffers (nghttp2 never touches the socket). A handle: the owner calls ``delete()`` once.
public struct ClientSession {
    public let session: OpaquePointer

    /// Stream and connection receive windows: a WebSocket echo must never wait for WINDOW_UPDATE
    /// (nghttp2's default 64 KiB window holds only four 16 KiB echoes in flight).
    public static let receiveWindow: Int32 = 16 << 20
    /// Frames we accept from the server: a 16 KiB echo plus its WebSocket header fits in one DATA frame.
    public static let maximumFrameSize: UInt32 = 1 << 20

    /// A client session whose callbacks get `userData`.
    public init(callbacks: ClientSessionCallbacks, userData: UnsafeMutableRawPointer) throws(ClientSessionError) {
        var made: OpaquePointer? = nil
        var option: OpaquePointer? = nil
        guard nghttp2_option_new(&option) == 0, let option else { throw ClientSessionError("nghttp2_option_new failed") }
        defer { nghttp2_option_del(option) }
        // No automatic 1 MiB cap on buffered outbound frames we cannot see: our loop bounds it.
        nghttp2_option_set_no_closed_streams(option, 1)
        let status = nghttp2_session_client_new2(&made, callbacks.callbacks, userData, option)
        guard status == 0, let made else { throw ClientSessionError(status) }
        session = made
    }

    /// Queues the client preface's SETTINGS (no push, large windows and frames) and widens the
    /// connection window; the magic is sent first by nghttp2.
    public func submitSettings() throws(ClientSessionError) {
        var settings = [
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_PUSH.rawValue), value: 0),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: UInt32(Self.receiveWindow)),
            nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue), value: Self.maximumFrameSize),
        ]
        let status = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        guard status == 0 else { throw ClientSessionError(status) }
        let window = nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Self.receiveWindow)
        guard window == 0 else { throw ClientSessionError(window) }
    }

    /// Whether the server's SETTINGS so far include `SETTINGS_ENABLE_CONNECT_PROTOCOL = 1`.
    public var serverAllowsExtendedConnect: Bool {
        nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL) == 1
    }

    /// The server's `SETTINGS_MAX_CONCURRENT_STREAMS` (`UInt32.max` when its SETTINGS set none).
    public var serverMaximumConcurrentStreams: UInt32 {
        nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS)
    }

    /// Whether a submitted stream's HEADERS are still queued in the session (nghttp2 opens the
    /// stream only when it sends them, and holds them while the server's concurrency limit is reached).
    public func isQueued(_ stream: Int32) -> Bool {
        nghttp2_session_find_stream(session, stream) == nil
    }

    /// Submits an extended CONNECT with `headers`, whose DATA comes from `readCallback`; the stream's
    /// user data is `streamUserData`. Returns the stream id (> 0) or a negative nghttp2 error.
    public func submitRequest(
        _ headers: ClientHeaderBlock, readCallback: nghttp2_data_source_read_callback, streamUserData: UnsafeMutableRawPointer?
    ) -> Int32 {
        var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: readCallback)
        return nghttp2_submit_request(session, nil, headers.pairs, headers.count, &provider, streamUserData)
    }

    /// Takes received bytes; returns the count consumed or a negative nghttp2 error (fatal for the connection).
    @inline(__always)
    public func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        nghttp2_session_mem_recv(session, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The next bytes to send (empty when there are none), valid until the next call; or a negative error.
    @inline(__always)
    public func nextOutput() -> (bytes: UnsafeRawBufferPointer, error: Int) {
        var data: UnsafePointer<UInt8>? = nil
        let n = nghttp2_session_mem_send(session, &data)
        if n < 0 { return (UnsafeRawBufferPointer(start: nil, count: 0), n) }
        return (UnsafeRawBufferPointer(start: data, count: n), 0)
    }

    /// Wakes a stream whose data provider deferred (it has bytes again, or must end).
    @inline(__always)
    public func resume(_ stream: Int32) {
        _ = nghttp2_session_resume_data(session, stream)
    }

    /// Resets a stream with `CANCEL` (a request still queued is dropped without being sent).
    public func cancel(_ stream: Int32) {
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), stream, NGHTTP2_CANCEL.rawValue)
    }

    /// Forgets a stream's user data (its WebSocket is gone; later callbacks for it are ignored).
    public func detach(_ stream: Int32) {
        _ = nghttp2_session_set_stream_user_data(session, stream, nil)
    }

    /// Queues GOAWAY(NO_ERROR).
    public func goAway() {
        _ = nghttp2_session_terminate_session(session, NGHTTP2_NO_ERROR.rawValue)
    }

    /// Whether nghttp2 has frames to send.
    public var wantsWrite: Bool { nghttp2_session_want_write(session) != 0 }

    public func delete() {
        nghttp2_session_del(session)
    }
}

/// An nghttp2 call failed.
public struct ClientSessionError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }

    public init(_ code: Int32) { description = String(cString: nghttp2_strerror(code)) }

    public init(_ code: Int) { description = String(cString: nghttp2_strerror(Int32(truncatingIfNeeded: code))) }
}
