import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// One connection's TLS session: the `SSL*` that OpenSSL runs over the connection's non-blocking
/// socket (`SSL_set_fd`), and the loop's ``TLSWriteScratch`` for gathered writes.
///
/// A plain value of two pointers, like the descriptors it sits next to: the process-wide
/// ``TLSStreams`` table holds the one that counts (``Transport/tls`` finds it there by descriptor),
/// and ``free()`` — called by ``Transport/close(_:)`` — ends it. Its I/O calls mirror `Socket`'s and
/// return the same small enums, so the loops handle TLS and plain TCP alike:
///
/// - OpenSSL's want-read and want-write are ``ReadResult/wouldBlock``/``WriteResult/wouldBlock``. A
///   read that stopped because OpenSSL must *write* first (a post-handshake message it has to
///   answer) sets ``readWaitsForWritable``: the loop then watches EPOLLOUT and reads again once
///   writable.
/// - Writes follow OpenSSL's retry rule, which the loops' outbound buffers keep by construction:
///   after `.wouldBlock` or a partial `.written(n)`, the next write on the connection starts with
///   the bytes not taken (copied elsewhere is fine: `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`).
/// - Reads consume whole records: offer at least ``recordSize`` bytes of room, or the rest of a
///   record stays decrypted inside OpenSSL (``hasBufferedInput``) where epoll cannot see it. The
///   loops' 256 KiB receive buffers always do.
public struct TLSStream {
    /// The connection's OpenSSL state.
    public let ssl: OpaquePointer
    /// The loop's record-sized buffer for gathered writes.
    let scratch: UnsafeMutableRawPointer

    /// The most plaintext one TLS record carries (2^14 bytes).
    public static var recordSize: Int { TLSWriteScratch.capacity }

    /// A stream over `ssl` (already set on its socket) using `scratch` for gathered writes.
    init(ssl: OpaquePointer, scratch: TLSWriteScratch) {
        self.ssl = ssl
        self.scratch = scratch.base
    }

    /// A stream from its table entry's two pointers.
    init(ssl: OpaquePointer, scratchBase: UnsafeMutableRawPointer) {
        self.ssl = ssl
        self.scratch = scratchBase
    }

    // MARK: Handshake

    /// Takes the handshake one step further (`SSL_do_handshake`), as far as the socket allows.
    ///
    /// A server first peeks at the peer's first byte, while OpenSSL has consumed nothing: anything but
    /// a TLS handshake record (0x16) is ``TLSHandshakeResult/notTLS`` — a plaintext client, whose
    /// bytes are still unread.
    public func handshake(_ fd: Int32) -> TLSHandshakeResult {
        if SSL_is_server(ssl) == 1 && wsb_ssl_bytes_read(ssl) == 0 {
            var first: UInt8 = 0
            let n = recv(fd, &first, 1, Int32(MSG_PEEK))
            if n == 0 { return .endOfStream }
            if n < 0 {
                let error = errno
                if error == EAGAIN || error == EWOULDBLOCK || error == EINTR { return .wantsReadable }
                return .failed(String(cString: strerror(error)))
            }
            if first != 0x16 { return .notTLS }
        }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        let savedErrno = errno
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ:
            return .wantsReadable
        case SSL_ERROR_WANT_WRITE:
            return .wantsWritable
        case SSL_ERROR_ZERO_RETURN:
            ERR_clear_error()
            return .endOfStream
        case SSL_ERROR_SYSCALL:
            let reasons = TLSError.takeQueuedReasons()
            if savedErrno != 0 { return .failed(String(cString: strerror(savedErrno))) }
            return reasons.isEmpty ? .endOfStream : .failed(reasons)
        default:
            var reason = TLSError.takeQueuedReasons()
            let verification = SSL_get_verify_result(ssl)
            if verification != Int(X509_V_OK) {
                reason += (reason.isEmpty ? "" : ": ") + String(cString: X509_verify_cert_error_string(verification))
            }
            return .failed(reason.isEmpty ? "TLS handshake failed" : reason)
        }
    }

    // MARK: I/O

    /// Reads up to `count` bytes of application data: `SSL_read` while OpenSSL holds more (every
    /// context reads ahead, so one recv may bring several records) and at least ``recordSize`` bytes
    /// of room are left. It stops when OpenSSL holds nothing more rather than asking once more: that
    /// would only cost a recv answering EAGAIN. Bytes already read win over a failure, which the next
    /// call reports again.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int) -> ReadResult {
        if count == 0 { return .bytes(0) }
        var total = 0
        repeat {
            var n = 0
            if SSL_read_ex(ssl, buffer + total, count - total, &n) == 1 {
                total += n
                if SSL_has_pending(ssl) == 0 { break }
                continue
            }
            let stopped = readStopped()
            return total > 0 ? .bytes(total) : stopped
        } while count - total >= TLSStream.recordSize
        return .bytes(total)
    }

    /// Writes up to `count` bytes (`SSL_write`, one record per call in partial-write mode, until
    /// OpenSSL cannot send more); returns how many it took.
    public func write(from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        var total = 0
        while total < count {
            var n = 0
            if SSL_write_ex(ssl, buffer + total, count - total, &n) == 1 {
                total += n
                continue
            }
            let stopped = writeStopped()
            return total > 0 ? .written(total) : stopped
        }
        return .written(total)
    }

    /// Writes `count` buffers in order. Pieces of a record's size or more go to `SSL_write` where
    /// they lie; runs of smaller pieces (a frame header and the start of its payload, several small
    /// frames) are joined in the loop's scratch buffer first, so they share one record.
    public func writev(_ vectors: UnsafePointer<iovec>, count: Int) -> WriteResult {
        if count == 1 { return write(from: vectors[0].iov_base, count: vectors[0].iov_len) }
        let recordSize = TLSStream.recordSize
        var total = 0
        var index = 0
        var offset = 0
        while true {
            while index < count && offset == vectors[index].iov_len {
                index += 1
                offset = 0
            }
            if index == count { return .written(total) }
            let remaining = vectors[index].iov_len - offset
            let chunk: UnsafeRawPointer
            let length: Int
            if remaining >= recordSize || index == count - 1 {
                chunk = UnsafeRawPointer(vectors[index].iov_base!) + offset
                length = remaining
            } else {
                var filled = 0
                var i = index
                var o = offset
                while i < count && filled < recordSize {
                    let take = min(vectors[i].iov_len - o, recordSize - filled)
                    if take > 0 { (scratch + filled).copyMemory(from: vectors[i].iov_base! + o, byteCount: take) }
                    filled += take
                    o += take
                    if o == vectors[i].iov_len {
                        i += 1
                        o = 0
                    }
                }
                chunk = UnsafeRawPointer(scratch)
                length = filled
            }
            var n = 0
            guard SSL_write_ex(ssl, chunk, length, &n) == 1 else {
                let stopped = writeStopped()
                return total > 0 ? .written(total) : stopped
            }
            total += n
            var left = n
            while left > 0 {
                let rest = vectors[index].iov_len - offset
                if left >= rest {
                    left -= rest
                    index += 1
                    offset = 0
                } else {
                    offset += left
                    left = 0
                }
            }
        }
    }

    /// Sends close_notify (`SSL_shutdown`, once the handshake has completed), then ends the TCP
    /// sending side as a plain connection does: the peer reads end of stream either way.
    public func shutdownWrite(_ fd: Int32) {
        if SSL_is_init_finished(ssl) == 1 && SSL_shutdown(ssl) < 0 { ERR_clear_error() }
        try? Socket.shutdown(fd, .write)
    }

    /// Frees the OpenSSL state (the socket stays open: ``Transport/close(_:)`` closes it next).
    public func free() {
        SSL_free(ssl)
    }

    // MARK: State

    /// Whether the last read (or handshake step) stopped because OpenSSL must write first: watch
    /// EPOLLOUT and read again once writable.
    public var readWaitsForWritable: Bool { wsb_ssl_want_write(ssl) != 0 }

    /// Whether OpenSSL holds input the socket no longer shows (decrypted bytes left by a read
    /// offered less than a record's room): read again without waiting for epoll.
    public var hasBufferedInput: Bool { SSL_has_pending(ssl) == 1 }

    /// The protocol ALPN selected (`http/1.1`), or nil if none was negotiated.
    public var negotiatedApplicationProtocol: String? {
        var data: UnsafePointer<UInt8>? = nil
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The negotiated protocol version, as OpenSSL names it (`TLSv1.3`).
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// Whether the handshake resumed an earlier session (a TLS 1.3 ticket or TLS 1.2 session).
    public var resumedSession: Bool { SSL_session_reused(ssl) == 1 }

    /// The SHA-256 fingerprint of the peer's certificate (nil if it sent none).
    public var peerCertificateFingerprint: TLSFingerprint? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return TLSFingerprint(certificate)
    }

    // MARK: Failures

    /// What a read that did not succeed means (the thread's error queue is left empty).
    func readStopped() -> ReadResult {
        let savedErrno = errno
        switch SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .endOfFile
        case SSL_ERROR_SYSCALL:
            ERR_clear_error()
            return savedErrno == 0 ? .endOfFile : .error(savedErrno)
        default:
            ERR_clear_error()
            return .error(EPROTO)
        }
    }

    /// What a write that did not succeed means (the thread's error queue is left empty).
    func writeStopped() -> WriteResult {
        let savedErrno = errno
        switch SSL_get_error(ssl, 0) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_SYSCALL:
            ERR_clear_error()
            return .error(savedErrno == 0 ? EPIPE : savedErrno)
        default:
            ERR_clear_error()
            return .error(EPROTO)
        }
    }
}
