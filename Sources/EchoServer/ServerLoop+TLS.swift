import EpollIO
import WebSocketCore

extension ServerLoop {
    /// Takes a TLS connection's handshake one step (as far as the socket allows) and acts on where it
    /// got: wait for the readiness OpenSSL asked for, read the request head once it completed,
    /// answer a plaintext client in plaintext, or let the lifecycle drop a failed one.
    func continueTLSHandshake(_ fd: Int32) {
        let c = connection(fd)
        let result = c.pointee.transport.handshake(fd)
        switch result {
        case .complete:
            counters.tlsHandshakes &+= 1
            c.pointee.inputWaitsForWritable = false
            perform(c.pointee.lifecycle.tlsHandshakeCompleted(), on: fd)
            if configuration.http2 && TLSStreams.shared.stream(fd).negotiatedApplicationProtocol == ServerConfiguration.http2ApplicationProtocol {
                startHTTP2(fd, initialBytes: nil)
                // Frames may have come right behind the client's last handshake flight.
                if c.pointee.lifecycle.isInUse { readHTTP2(fd) }
                return
            }
            // The request head may have come right behind the client's last handshake flight.
            readHandshake(fd)
        case .wantsReadable, .wantsWritable:
            inputBlocked(fd, waitingForWritable: result == .wantsWritable)
        case .notTLS:
            // A plain HTTP client on the TLS port: tell it so in its own protocol, then close as after
            // any HTTP answer (its request is read and dropped, so it sees the answer and an orderly end).
            counters.tlsHandshakeFailures &+= 1
            _ = TLSStreams.shared.detach(fd)?.free()
            c.pointee.transport = .plainTCP
            respond(fd, ServerLoop.plaintextOnTLSPortResponse)
        case .endOfStream:
            perform(c.pointee.lifecycle.endOfStream(), on: fd)
        case .failed:
            counters.tlsHandshakeFailures &+= 1
            perform(c.pointee.lifecycle.tlsHandshakeFailed(), on: fd)
        }
    }

    /// A read would block. Over TLS it may wait to *write* first (OpenSSL must answer something):
    /// then EPOLLOUT is watched and the next writable event reads again. Plain TCP: nothing to do.
    @inline(__always)
    func inputWouldBlock(_ fd: Int32) {
        let c = connection(fd)
        let waits = c.pointee.transport.readWaitsForWritable(fd)
        if waits || c.pointee.inputWaitsForWritable { inputBlocked(fd, waitingForWritable: waits) }
    }

    /// Records whether input waits for writability, and watches EPOLLOUT if it does (the flag is
    /// cleared by the next read or step; EPOLLOUT by the next drained flush).
    func inputBlocked(_ fd: Int32, waitingForWritable: Bool) {
        let c = connection(fd)
        c.pointee.inputWaitsForWritable = waitingForWritable
        if waitingForWritable && !c.pointee.watchingWritable {
            c.pointee.watchingWritable = true
            updateInterest(fd)
        }
    }

    /// What a plain HTTP request on the TLS port gets (in plaintext): 400 and how to connect instead.
    static let plaintextOnTLSPortResponse = HandshakeResponse.error(
        .badRequest, message: "This port speaks TLS: use https:// (or wss:// for WebSockets).")
}
