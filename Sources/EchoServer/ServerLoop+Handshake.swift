import EpollIO
import HTTP2
import PerMessageDeflate
import WebSocketCore

extension ServerLoop {
    /// Reads (more of) the HTTP request head and answers it: upgrade, test page or an error.
    func readHandshake(_ fd: Int32) {
        let c = connection(fd)
        // Present from accept until the head is answered, which ends the handshaking phase.
        guard let handshake = c.pointee.handshake else { return }
        switch receive.read(from: fd, via: c.pointee.transport, parked: &handshake.parked) {
        case .received(let buffer):
            counters.bytesReceived &+= buffer.count
            c.pointee.lifecycle.received(at: now)
            if configuration.http2 && c.pointee.transport == .plainTCP {
                // HTTP/2 with prior knowledge (h2c) on the same port: the client preface tells it apart.
                switch HTTP2ConnectionPreface.match(UnsafeRawBufferPointer(buffer)) {
                case .http2:
                    startHTTP2(fd, initialBytes: buffer)
                    return
                case .undecided:
                    handshake.parked.park(UnsafeRawBufferPointer(buffer))
                    return
                case .http1:
                    break
                }
            }
            switch handshake.parser.parse(UnsafeRawBufferPointer(buffer)) {
            case .incomplete:
                handshake.parked.park(UnsafeRawBufferPointer(buffer))
            case .failed(let status):
                respond(fd, HandshakeResponse.error(status))
            case .complete(let head, let consumed):
                answer(fd, head)
                if c.pointee.lifecycle.isEchoing && consumed < buffer.count {
                    // Frames sent right behind the request.
                    processFrames(EchoTarget(fd: fd), UnsafeMutableRawBufferPointer(rebasing: buffer[consumed...]))
                } else {
                    flush(fd)
                }
            }
        case .wouldBlock:
            inputWouldBlock(fd)
        case .endOfFile:
            perform(c.pointee.lifecycle.endOfStream(), on: fd)
        case .error:
            perform(c.pointee.lifecycle.transportFailed(), on: fd)
        }
    }

    /// Decides what a complete request gets.
    func answer(_ fd: Int32, _ head: HTTPRequestHead) {
        guard head.path == configuration.path[...] else {
            if head.method == "GET" && (head.path == "/" || head.path == "/index.html") {
                respond(fd, pageResponse)
            } else {
                respond(fd, HandshakeResponse.error(.notFound))
            }
            return
        }
        guard head.isWebSocketUpgradeAttempt else {
            respond(fd, HandshakeResponse.error(.badRequest, message: "This is a WebSocket endpoint: send an Upgrade request."))
            return
        }
        let request: UpgradeRequest
        do {
            request = try UpgradeRequest(validating: head)
            try request.checkOrigin(allowedOrigins: configuration.allowedOrigins)
        } catch {
            respond(fd, HandshakeResponse.rejection(error))
            return
        }
        if configuration.maximumConnections > 0 {
            let open = shared.openWebSockets.add(1, ordering: .relaxed).newValue
            if open > configuration.maximumConnections {
                shared.openWebSockets.subtract(1, ordering: .relaxed)
                respond(fd, HandshakeResponse.error(.serviceUnavailable, message: "Connection limit reached."))
                return
            }
        } else {
            shared.openWebSockets.add(1, ordering: .relaxed)
        }
        let c = connection(fd)
        let keepAlive = c.pointee.lifecycle.upgraded(at: now, timeouts)
        c.pointee.handshake = nil
        counters.webSocketsOpened &+= 1
        counters.webSocketsOpenedHTTP1 &+= 1
        var extensions: String? = nil
        if configuration.deflate.enableCompression, let offers = request.extensions,
            let acceptance = DeflateNegotiation.respond(toOffers: offers, options: configuration.deflate)
        {
            extensions = acceptance.responseHeaderValue
            c.pointee.deflate = DeflateSession(
                parameters: acceptance.parameters, role: .server, compressionLevel: configuration.deflate.compressionLevel,
                memoryLevel: configuration.deflate.memoryLevel, minimumMessageSize: configuration.deflate.minimumMessageSize,
                maximumMessageSize: configuration.maximumMessageLength, deflateBuffer: deflateOutput,
                inflateBuffer: inflateOutput, implementation: configuration.deflate.implementation,
                workspace: deflateWorkspace)
            DeflateSession.allowCompressedFrames(on: &c.pointee.reader)
        }
        // Once the 101 is out: idle TLS WebSocket 24.8 -> 15.6 KB (uWS SSLApp 20.6-29.4), per-echo instructions unchanged (results/tls.md).
        c.pointee.releasesTLSBuffersWhenDrained = c.pointee.transport == .tls
        // A 101 is small: the batch copies it into its arena.
        HandshakeResponse.switchingProtocols(for: request, extensions: extensions).withUnsafeBytes { batch.appendBytes($0) }
        perform(keepAlive, on: fd)
    }

    /// Queues an HTTP response and closes once it has been sent.
    func respond(_ fd: Int32, _ response: [UInt8]) {
        counters.httpResponses &+= 1
        let c = connection(fd)
        c.pointee.handshake = nil
        perform(c.pointee.lifecycle.httpResponseQueued(at: now, timeouts), on: fd)
        response.withUnsafeBytes { bytes in
            batch.appendBytes(bytes)
            // Large responses are referenced, not copied: send before `response` goes away.
            flush(fd)
        }
    }
}
