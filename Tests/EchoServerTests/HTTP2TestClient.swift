import CNghttp2
import EpollIO
import Glibc
import WebSocketCore

/// A blocking HTTP/2 client for tests, built from nghttp2's client session on a ``TestClient``
/// socket (plain: h2c with prior knowledge; or TLS after ``TestClient/startTLS(_:)`` with ALPN h2):
/// opens WebSockets as RFC 8441 extended CONNECT streams, sends masked frames as DATA, and reads each
/// stream's frames with the frame engine. Every wait is bounded by the socket's 5-second timeout.
final class HTTP2TestClient {
    /// What one stream has seen.
    final class Stream {
        var status: Int? = nil
        var headers: [(String, String)] = []
        /// DATA received and not yet parsed.
        var pending: [UInt8] = []
        var body: [UInt8] = []
        var reader = MessageReader(role: .client, maximumMessageLength: 64 << 20)
        /// Bytes to send as DATA, and whether END_STREAM follows them.
        var outgoing: [UInt8] = []
        var endAfterOutgoing = false
        var deferred = false
        var remoteEnded = false
        /// Set when nghttp2 closed the stream: the error code (0: both sides ended normally).
        var closedWith: UInt32? = nil
        /// DATA bytes held back from the server's window (``HTTP2TestClient/holdsStreamWindows``).
        var unconsumed = 0

        func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1 }
    }

    let socket: TestClient
    let session: OpaquePointer
    var streams: [Int32: Stream] = [:]
    var goAwayReceived = false
    var connectionEnded = false
    /// Whether windows are given back by hand: the connection's at once, each stream's only while
    /// ``holdsStreamWindows`` is false.
    let manualWindows: Bool
    var holdsStreamWindows: Bool
    let scheme: String

    /// Connects to 127.0.0.1:`port` (TLS with ALPN h2 when `tls` is given) and sends the preface and SETTINGS.
    /// With `windowUpdates` false, received DATA is given back to the server's send window only by
    /// ``consumeReceived(_:)`` (a client that stops reading, as far as HTTP/2 can tell).
    init(port: Int, tls: TLSContext? = nil, windowUpdates: Bool = true) throws {
        socket = try TestClient(port: port)
        manualWindows = !windowUpdates
        holdsStreamWindows = !windowUpdates
        scheme = tls == nil ? "http" : "https"
        if let tls {
            let result = socket.startTLS(tls)
            guard result == .complete else { throw TestClientError.system("TLS handshake: \(result)", 0) }
        }
        var made: OpaquePointer? = nil
        var option: OpaquePointer? = nil
        _ = nghttp2_option_new(&option)
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_no_auto_window_update(option, windowUpdates ? 0 : 1)
        guard nghttp2_session_client_new2(&made, HTTP2TestClient.callbacks, nil, option) == 0, let made else {
            throw TestClientError.system("nghttp2_session_client_new", 0)
        }
        session = made
        nghttp2_session_set_user_data(session, Unmanaged.passUnretained(self).toOpaque())
        if windowUpdates {
            var window = nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: 16 << 20)
            _ = nghttp2_submit_settings(session, 0, &window, 1)
            _ = nghttp2_session_set_local_window_size(session, 0, 0, 64 << 20)
        } else {
            _ = nghttp2_submit_settings(session, 0, nil, 0)
        }
        flush()
    }

    deinit { nghttp2_session_del(session) }

    /// Whether the server's SETTINGS allowed extended CONNECT (RFC 8441 section 3).
    var serverAllowsExtendedConnect: Bool {
        nghttp2_session_get_remote_settings(session, NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL) == 1
    }

    /// With this set (h2c only), ``flush()`` writes only what the socket takes now and keeps the rest
    /// in ``unsent`` for the next flush: a client that goes on sending while it reads nothing.
    var sendsWithoutBlocking = false
    /// Bytes nghttp2 produced that the socket has not taken yet (``sendsWithoutBlocking``).
    var unsent: [UInt8] = []

    /// Whether bytes wait to be sent (in ``unsent`` or in nghttp2, as its flow control allows).
    var wantsToSend: Bool { !unsent.isEmpty || nghttp2_session_want_write(session) != 0 }

    /// Sends everything nghttp2 has queued (without blocking: as much as the socket takes now).
    func flush() {
        if sendsWithoutBlocking {
            flushWithoutBlocking()
            return
        }
        while true {
            var data: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(session, &data)
            if n <= 0 { return }
            socket.send(Array(UnsafeBufferPointer(start: data, count: n)))
        }
    }

    /// Takes frames from nghttp2 (while at most 256 KiB wait) and writes what the socket takes now.
    func flushWithoutBlocking() {
        while true {
            while unsent.count < 256 << 10 {
                var data: UnsafePointer<UInt8>? = nil
                let n = nghttp2_session_mem_send(session, &data)
                if n <= 0 { break }
                unsent += UnsafeBufferPointer(start: data, count: n)
            }
            var offset = 0
            while offset < unsent.count {
                let n = unsent.withUnsafeBytes {
                    Glibc.send(socket.fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                }
                if n <= 0 { break }
                offset += n
            }
            unsent.removeFirst(offset)
            // Done when the socket is full, or nghttp2 has nothing more now.
            if offset == 0 || !unsent.isEmpty || nghttp2_session_want_write(session) == 0 { return }
        }
    }

    /// Reads once and lets nghttp2 process it; false at the end of the connection (or 5 s of silence).
    @discardableResult
    func pump() -> Bool {
        guard let bytes = socket.receive() else {
            connectionEnded = true
            return false
        }
        let consumed = bytes.withUnsafeBufferPointer { nghttp2_session_mem_recv(session, $0.baseAddress, $0.count) }
        flush()
        return consumed >= 0
    }

    /// Whether bytes arrive within `milliseconds` (without reading them).
    func hasInput(waitingMilliseconds milliseconds: Int32) -> Bool {
        if socket.transport == .tls && socket.transport.hasBufferedInput(socket.fd) { return true }
        var entry = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) == 1
    }

    /// Pumps until `condition` holds; false if the connection ended first.
    func wait(until condition: () -> Bool) -> Bool {
        while !condition() {
            guard pump() else { return condition() }
        }
        return true
    }

    /// Opens a request stream with `fields` (pseudo-headers first); its DATA comes from ``send(_:on:)``.
    func request(_ fields: [(String, String)], endStream: Bool = false) -> Int32 {
        let stream = Stream()
        stream.endAfterOutgoing = endStream
        // Copies of the names and values that stay put during the call (nghttp2 copies them).
        var copies: [UnsafeMutableBufferPointer<UInt8>] = []
        defer { copies.forEach { $0.deallocate() } }
        func copy(_ text: String) -> UnsafeMutableBufferPointer<UInt8> {
            let bytes = Array(text.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = buffer.initialize(from: bytes)
            copies.append(buffer)
            return UnsafeMutableBufferPointer(rebasing: buffer[..<bytes.count])
        }
        let list = fields.map { field -> nghttp2_nv in
            let name = copy(field.0), value = copy(field.1)
            return nghttp2_nv(name: name.baseAddress, value: value.baseAddress, namelen: name.count, valuelen: value.count, flags: 0)
        }
        var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: HTTP2TestClient.readCallback)
        let id = endStream
            ? nghttp2_submit_request(session, nil, list, list.count, nil, nil)
            : nghttp2_submit_request(session, nil, list, list.count, &provider, nil)
        streams[id] = stream
        flush()
        return id
    }

    /// The fields of an extended CONNECT for `path`.
    func connectFields(
        path: String = "/ws", protocolName: String? = "websocket", version: String? = "13", origin: String? = nil,
        extensions: String? = nil
    ) -> [(String, String)] {
        var fields = [(":method", "CONNECT")]
        if let protocolName { fields.append((":protocol", protocolName)) }
        fields += [(":scheme", scheme), (":path", path), (":authority", "127.0.0.1")]
        if let version { fields.append(("sec-websocket-version", version)) }
        if let origin { fields.append(("origin", origin)) }
        if let extensions { fields.append(("sec-websocket-extensions", extensions)) }
        return fields
    }

    /// Opens a WebSocket stream and waits for its answer; returns the stream id and status.
    func openWebSocket(extensions: String? = nil) -> (Int32, Int?) {
        _ = wait { serverAllowsExtendedConnect }
        let id = request(connectFields(extensions: extensions))
        _ = wait { streams[id]?.status != nil || streams[id]?.closedWith != nil }
        return (id, streams[id]?.status)
    }

    /// Queues `bytes` as DATA on stream `id` (END_STREAM after them with `end`).
    func send(_ bytes: [UInt8], on id: Int32, end: Bool = false) {
        guard let stream = streams[id] else { return }
        stream.outgoing += bytes
        if end { stream.endAfterOutgoing = true }
        if stream.deferred {
            stream.deferred = false
            _ = nghttp2_session_resume_data(session, id)
        }
        flush()
    }

    /// Sends one masked frame on stream `id`.
    func sendFrame(_ opcode: Opcode, _ payload: [UInt8], on id: Int32, reservedBits: UInt8 = 0, end: Bool = false) {
        let header = FrameHeader(reservedBits: reservedBits, opcode: opcode, maskingKey: MaskingKey(packed: .random(in: .min ... .max)), payloadLength: payload.count)
        var out = [UInt8](repeating: 0, count: FrameEncoder.frameLength(payloadLength: payload.count, masked: true))
        _ = out.withUnsafeMutableBytes { dst in payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: dst.baseAddress!) } }
        send(out, on: id, end: end)
    }

    /// Sends a close frame with `code`, then END_STREAM (as Chromium does).
    func close(_ id: Int32, code: UInt16 = 1000) {
        let payload = [UInt8(code >> 8), UInt8(code & 0xff)]
        sendFrame(.close, payload, on: id, end: true)
    }

    /// Gives every DATA byte received so far back to the streams' windows, and every later one as it
    /// arrives (after `windowUpdates: false`, which holds them).
    func releaseStreamWindows() {
        holdsStreamWindows = false
        for (id, stream) in streams where stream.unconsumed > 0 {
            _ = nghttp2_session_consume_stream(session, id, stream.unconsumed)
            stream.unconsumed = 0
        }
        flush()
    }

    /// How many more DATA bytes the server lets us send on stream `id` now.
    func sendWindow(_ id: Int32) -> Int32 { nghttp2_session_get_stream_remote_window_size(session, id) }

    /// Resets stream `id` (an abrupt end).
    func reset(_ id: Int32) {
        _ = nghttp2_submit_rst_stream(session, 0, id, NGHTTP2_CANCEL.rawValue)
        flush()
    }

    /// The next frame the server sent on stream `id`; nil once the stream or connection ended first.
    func next(on id: Int32) -> Received? {
        guard let stream = streams[id] else { return nil }
        while true {
            if !stream.pending.isEmpty {
                var result: Received? = nil
                var consumed = 0
                stream.pending.withUnsafeMutableBytes { buffer in
                    var cursor = 0
                    switch stream.reader.next(buffer, cursor: &cursor) {
                    case .incomplete: break
                    case .message(let m): result = .message(m.opcode, Array(m.payload))
                    case .ping(let p): result = .ping(Array(p))
                    case .pong(let p): result = .pong(Array(p))
                    case .close(let c): result = .close(c.code?.rawValue, c.reason)
                    case .failure(let e): result = .failure(e)
                    }
                    consumed = cursor
                }
                stream.pending = result == nil ? [] : Array(stream.pending[consumed...])
                if let result { return result }
            }
            if stream.closedWith != nil || stream.remoteEnded { return nil }
            guard pump() else { return nil }
        }
    }

    // MARK: nghttp2 callbacks

    static func from(_ userData: UnsafeMutableRawPointer?) -> HTTP2TestClient {
        Unmanaged<HTTP2TestClient>.fromOpaque(userData!).takeUnretainedValue()
    }

    static let readCallback: nghttp2_data_source_read_callback = { _, id, buffer, length, flags, _, userData in
        let client = HTTP2TestClient.from(userData)
        guard let stream = client.streams[id] else { return Int(NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue) }
        let n = min(length, stream.outgoing.count)
        stream.outgoing.withUnsafeBytes { buffer!.update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: n) }
        stream.outgoing.removeFirst(n)
        if stream.outgoing.isEmpty {
            if stream.endAfterOutgoing {
                flags!.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
                return n
            }
            if n == 0 {
                stream.deferred = true
                return Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
        }
        return n
    }

    nonisolated(unsafe) static let callbacks: OpaquePointer = {
        var made: OpaquePointer? = nil
        precondition(nghttp2_session_callbacks_new(&made) == 0)
        nghttp2_session_callbacks_set_on_header_callback(made) { _, frame, name, nameLength, value, valueLength, _, userData in
            let client = HTTP2TestClient.from(userData)
            guard let stream = client.streams[frame!.pointee.hd.stream_id] else { return 0 }
            let n = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
            let v = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
            if n == ":status" { stream.status = Int(v) } else { stream.headers.append((n, v)) }
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(made) { _, frame, userData in
            let client = HTTP2TestClient.from(userData)
            let header = frame!.pointee.hd
            if header.type == UInt8(NGHTTP2_GOAWAY.rawValue) { client.goAwayReceived = true }
            if header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0, let stream = client.streams[header.stream_id] {
                stream.remoteEnded = true
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(made) { _, _, id, data, length, userData in
            let client = HTTP2TestClient.from(userData)
            guard let stream = client.streams[id] else { return 0 }
            if client.manualWindows {
                _ = nghttp2_session_consume_connection(client.session, length)
                if client.holdsStreamWindows {
                    stream.unconsumed += length
                } else {
                    _ = nghttp2_session_consume_stream(client.session, id, length)
                }
            }
            let bytes = UnsafeBufferPointer(start: data, count: length)
            if stream.status == 200 && stream.body.isEmpty && stream.header("content-type") == nil {
                stream.pending += bytes
            } else {
                stream.body += bytes
            }
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(made) { _, id, errorCode, userData in
            let client = HTTP2TestClient.from(userData)
            guard let stream = client.streams[id] else { return 0 }
            stream.closedWith = errorCode
            return 0
        }
        return made!
    }()
}
