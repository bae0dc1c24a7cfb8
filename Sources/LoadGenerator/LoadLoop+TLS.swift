import EpollIO

extension LoadLoop {
    /// `wss://`, TCP is up: attaches a TLS session to the socket (its transport becomes `.tls`, so
    /// every later read, write and close goes through it) and takes the handshake its first step.
    func startTLS(_ fd: Int32) -> Bool {
        let c = connections[fd]
        guard let tls, let tlsScratch, tls.attachStream(to: fd, scratch: tlsScratch) != nil else {
            shared.note("TLS handshake failed: OpenSSL could not start a session (tls_failed)")
            return perform(c.pointee.lifecycle.tlsHandshakeFailed(), fd)
        }
        c.pointee.transport = .tls
        return continueTLSHandshake(fd)
    }

    /// Takes the TLS handshake one step (as far as the socket allows) and acts on where it got: wait
    /// for the readiness OpenSSL asked for, send the upgrade request once it completed (recording
    /// the TLS time and whether the session was resumed), or drop the connection as `tls_failed`
    /// with the reason in words. False if the connection is gone.
    @discardableResult
    func continueTLSHandshake(_ fd: Int32) -> Bool {
        let c = connections[fd]
        let result = c.pointee.transport.handshake(fd)
        switch result {
        case .complete:
            let slot = connections.slot(of: c)
            totals.tls.recordLatency(now - slot.pointee.connectedAt)
            // The upgrade's time counts from here: connect, TLS and upgrade are separate histograms.
            slot.pointee.connectedAt = now
            counters.tlsHandshakes += 1
            if TLSStreams.shared.stream(fd).resumedSession { counters.tlsResumed += 1 }
            return perform(c.pointee.lifecycle.tlsHandshakeCompleted(), fd)
        case .wantsReadable, .wantsWritable:
            try? epoll.modify(fd, events: result == .wantsReadable ? .readable : .writable)
            return true
        case .notTLS, .endOfStream:
            shared.note("TLS handshake failed: \(TLSFailureReason.endOfStream) (tls_failed)")
            return perform(c.pointee.lifecycle.tlsHandshakeFailed(), fd)
        case .failed(let reason):
            shared.note("TLS handshake failed: \(TLSFailureReason.describe(reason)) (tls_failed)")
            return perform(c.pointee.lifecycle.tlsHandshakeFailed(), fd)
        }
    }
}
