import CNghttp2
import EpollIO
import Glibc
import Synchronization
import WebSocketCore

/// A minimal RFC 8441 server for the load generator's `--http2` tests, on nghttp2's server side (the
/// real `wsbench serve` HTTP/2 half is built separately): one thread polling the listener and every
/// connection, h2c with prior knowledge only, WebSocket frames echoed with the frame engine's server
/// reader (no permessage-deflate). Test code: dictionaries and classes, nothing tuned.
final class HTTP2TestServer: Sendable {
    enum Behaviour: Sendable {
        /// Echo; after answering a close frame, end our half (END_STREAM) if `endsStream`, or leave the
        /// stream half-open like Hypercorn 0.18.
        case echo(endsStream: Bool)
        /// SETTINGS without SETTINGS_ENABLE_CONNECT_PROTOCOL (then echo anyway).
        case withoutExtendedConnect
        /// Answer every extended CONNECT with this status and end the stream.
        case status(Int)
        /// SETTINGS_MAX_CONCURRENT_STREAMS = n; echo, ending streams after the close frames.
        case limitStreams(UInt32)
        /// SETTINGS_MAX_CONCURRENT_STREAMS = 1000, then in the same write a second SETTINGS lowering it to n.
        case lowerLimit(UInt32)
        /// Echo the streams up to `lastStreamID`; on the first request above it, GOAWAY(NO_ERROR,
        /// `lastStreamID`, `debugData`) and no answer to it; then close the TCP connection if `closes`.
        case goAway(lastStreamID: Int32, debugData: String, closes: Bool)
        /// Echo the streams up to `lastStreamID`; reset every one above it with RST_STREAM(REFUSED_STREAM).
        case refuseAbove(Int32)

        /// After answering a close frame, end our half of the stream.
        var endsStreamAfterClose: Bool {
            if case .echo(let endsStream) = self { return endsStream }
            return true
        }
    }

    let port: Int
    let listener: Int32
    let behaviour: Behaviour
    let group: EventLoopThreadGroup
    let stopped = Atomic<Bool>(false)
    /// TCP connections accepted.
    let connectionsAccepted = Atomic<Int>(0)
    /// Messages echoed.
    let echoed = Atomic<Int>(0)
    /// Streams the client ended with END_STREAM, and reset with RST_STREAM.
    let clientEndedStreams = Atomic<Int>(0)
    let clientResetStreams = Atomic<Int>(0)
    /// Every request's header fields, in order of arrival.
    let requests = Mutex<[[String: String]]>([])
    /// GOAWAY frames sent, and streams refused with RST_STREAM(REFUSED_STREAM).
    let goAwaysSent = Atomic<Int>(0)
    let refusedStreams = Atomic<Int>(0)

    init(_ behaviour: Behaviour) throws {
        let (fd, port) = boundLoopbackSocket()
        listen(fd, 64)
        self.port = port
        listener = fd
        self.behaviour = behaviour
        let holder = ServerHandoff<HTTP2TestServer>()
        group = try EventLoopThreadGroup.start(count: 1) { _ in holder.server?.serve() }
        holder.set(self)
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        group.join()
        close(listener)
    }

    /// One stream: its request fields, WebSocket reader and the bytes waiting to go out as DATA.
    final class Stream {
        var fields: [String: String] = [:]
        var reader = MessageReader(role: .server)
        var out: [UInt8] = []
        var endStream = false
        var deferred = false
    }

    /// One connection's session and streams.
    final class Connection {
        let fd: Int32
        unowned let server: HTTP2TestServer
        var session: OpaquePointer? = nil
        var streams: [Int32: Stream] = [:]
        var sentGoAway = false
        /// Close the connection once the frames queued so far are written.
        var closeAfterFlush = false
        init(fd: Int32, server: HTTP2TestServer) {
            self.fd = fd
            self.server = server
        }
    }

    func serve() {
        var connections: [Connection] = []
        defer {
            for c in connections {
                nghttp2_session_del(c.session)
                close(c.fd)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !stopped.load(ordering: .relaxed) {
            var polls = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)] + connections.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 20) > 0 else { continue }
            if polls[0].revents != 0 {
                let fd = accept(listener, nil, nil)
                if fd >= 0 {
                    connectionsAccepted.add(1, ordering: .relaxed)
                    let c = Connection(fd: fd, server: self)
                    start(c)
                    connections.append(c)
                    flush(c)
                }
            }
            var gone: Set<Int32> = []
            for (i, c) in connections.prefix(polls.count - 1).enumerated() where polls[i + 1].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
                let ok = n > 0 && buffer.withUnsafeBytes { nghttp2_session_mem_recv(c.session, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), n) } >= 0
                if !ok || !flush(c) || c.closeAfterFlush { gone.insert(c.fd) }
            }
            for c in connections where gone.contains(c.fd) {
                nghttp2_session_del(c.session)
                close(c.fd)
            }
            connections.removeAll { gone.contains($0.fd) }
        }
    }

    /// Sends everything nghttp2 has, gathered into one write (so frames queued together, such as
    /// two SETTINGS, reach the client in one read).
    @discardableResult
    func flush(_ c: Connection) -> Bool {
        var out: [UInt8] = []
        while true {
            var data: UnsafePointer<UInt8>? = nil
            let n = nghttp2_session_mem_send(c.session, &data)
            if n < 0 { return false }
            if n == 0 { break }
            out += UnsafeBufferPointer(start: data!, count: n)
        }
        var sent = 0
        while sent < out.count {
            let w = out.withUnsafeBytes { send(c.fd, $0.baseAddress! + sent, out.count - sent, Int32(MSG_NOSIGNAL)) }
            if w <= 0 { return false }
            sent += w
        }
        return true
    }

    func start(_ c: Connection) {
        var callbacks: OpaquePointer? = nil
        nghttp2_session_callbacks_new(&callbacks)
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks) { session, frame, userData in
            let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
            c.streams[frame!.pointee.hd.stream_id] = Stream()
            return 0
        }
        nghttp2_session_callbacks_set_on_header_callback(callbacks) { _, frame, name, nameLength, value, valueLength, _, userData in
            let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
            let name = String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self)
            let value = String(decoding: UnsafeBufferPointer(start: value, count: valueLength), as: UTF8.self)
            c.streams[frame!.pointee.hd.stream_id]?.fields[name] = value
            return 0
        }
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks) { session, frame, userData in
            let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
            let header = frame!.pointee.hd
            if header.flags & UInt8(NGHTTP2_FLAG_END_STREAM.rawValue) != 0 && header.stream_id > 0 {
                c.server.clientEndedStreams.add(1, ordering: .relaxed)
            }
            if header.type == UInt8(NGHTTP2_RST_STREAM.rawValue) { c.server.clientResetStreams.add(1, ordering: .relaxed) }
            guard header.type == UInt8(NGHTTP2_HEADERS.rawValue), let stream = c.streams[header.stream_id] else { return 0 }
            c.server.requests.withLock { $0.append(stream.fields) }
            c.server.answer(c, header.stream_id, stream)
            return 0
        }
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks) { session, _, id, data, length, userData in
            let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
            guard let stream = c.streams[id] else { return 0 }
            c.server.echo(c, id, stream, UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(mutating: data), count: length))
            return 0
        }
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks) { _, id, _, userData in
            let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
            c.streams[id] = nil
            return 0
        }
        nghttp2_session_server_new(&c.session, callbacks, Unmanaged.passUnretained(c).toOpaque())
        var limit: UInt32 = 1000
        if case .limitStreams(let n) = behaviour { limit = n }
        var settings = [nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: limit)]
        if case .withoutExtendedConnect = behaviour {} else {
            settings.append(nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL.rawValue), value: 1))
        }
        nghttp2_submit_settings(c.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &settings, settings.count)
        if case .lowerLimit(let n) = behaviour {
            var lower = [nghttp2_settings_entry(settings_id: Int32(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS.rawValue), value: n)]
            nghttp2_submit_settings(c.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &lower, lower.count)
        }
    }

    /// A request's HEADERS arrived: refuse it, GOAWAY, or respond.
    func answer(_ c: Connection, _ id: Int32, _ stream: Stream) {
        switch behaviour {
        case .goAway(let last, let debugData, let closes) where id > last:
            guard !c.sentGoAway else { return }
            c.sentGoAway = true
            c.closeAfterFlush = closes
            goAwaysSent.add(1, ordering: .relaxed)
            let bytes = Array(debugData.utf8)
            _ = nghttp2_submit_goaway(c.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), last, NGHTTP2_NO_ERROR.rawValue, bytes, bytes.count)
        case .refuseAbove(let last) where id > last:
            refusedStreams.add(1, ordering: .relaxed)
            _ = nghttp2_submit_rst_stream(c.session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_REFUSED_STREAM.rawValue)
        default:
            respond(c, id, stream)
        }
    }

    static let read: nghttp2_data_source_read_callback = { session, id, buffer, length, flags, _, userData in
        let c = Unmanaged<Connection>.fromOpaque(userData!).takeUnretainedValue()
        guard let stream = c.streams[id] else {
            flags!.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
            return 0
        }
        let n = min(length, stream.out.count)
        if n > 0 { stream.out.withUnsafeBytes { UnsafeMutableRawPointer(buffer!).copyMemory(from: $0.baseAddress!, byteCount: n) } }
        stream.out.removeFirst(n)
        if stream.out.isEmpty {
            if stream.endStream {
                flags!.pointee |= UInt32(NGHTTP2_DATA_FLAG_EOF.rawValue)
            } else if n == 0 {
                stream.deferred = true
                return Int(NGHTTP2_ERR_DEFERRED.rawValue)
            }
        }
        return n
    }

    func respond(_ c: Connection, _ id: Int32, _ stream: Stream) {
        var status = "200"
        if case .status(let code) = behaviour {
            status = String(code)
            stream.endStream = true
        }
        let name = Array(":status".utf8)
        let value = Array(status.utf8)
        name.withUnsafeBufferPointer { n in
            value.withUnsafeBufferPointer { v in
                var pair = nghttp2_nv(
                    name: UnsafeMutablePointer(mutating: n.baseAddress!), value: UnsafeMutablePointer(mutating: v.baseAddress!),
                    namelen: n.count, valuelen: v.count, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
                var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: Self.read)
                _ = nghttp2_submit_response(c.session, id, &pair, 1, &provider)
            }
        }
    }

    func echo(_ c: Connection, _ id: Int32, _ stream: Stream, _ bytes: UnsafeMutableRawBufferPointer) {
        var cursor = 0
        loop: while true {
            switch stream.reader.next(bytes, cursor: &cursor) {
            case .message(let message):
                let payload = UnsafeRawBufferPointer(message.payload)
                let header = FrameHeader(opcode: message.opcode, payloadLength: payload.count)
                var frame = [UInt8](repeating: 0, count: payload.count + 16)
                let n = frame.withUnsafeMutableBytes { FrameEncoder.encode(header, payload: payload, into: $0.baseAddress!) }
                stream.out += frame[0..<n]
                echoed.add(1, ordering: .relaxed)
            case .close(let close):
                var frame = [UInt8](repeating: 0, count: 160)
                let n = frame.withUnsafeMutableBytes { FrameEncoder.encodeClose(CloseFrame(code: close.code), maskingKey: nil, into: $0.baseAddress!) }
                stream.out += frame[0..<n]
                stream.endStream = behaviour.endsStreamAfterClose
            case .ping, .pong:
                continue
            case .incomplete, .failure:
                break loop
            }
        }
        if stream.deferred {
            stream.deferred = false
            nghttp2_session_resume_data(c.session, id)
        }
    }
}
