import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// One connection's TLS session: the `SSL*`, and its entry in ``TLSStreams`` (the socket, the
/// loop's ``TLSWriteScratch``, ciphertext not yet sent), which is also the data of the session's BIO.
///
/// A plain value of two pointers, like the descriptors it sits next to: the process-wide
/// ``TLSStreams`` table holds the state that counts (``Transport/tls`` finds it there by
/// descriptor), and ``free()`` — called by ``Transport/close(_:)`` — ends it. Its I/O calls mirror
/// `Socket`'s and return the same small enums, so the loops handle TLS and plain TCP alike:
///
/// - OpenSSL's want-read and want-write are ``ReadResult/wouldBlock``/``WriteResult/wouldBlock``. A
///   read that stopped because OpenSSL must *write* first (a post-handshake message it has to
///   answer) sets ``readWaitsForWritable``: the loop then watches EPOLLOUT and reads again once
///   writable.
/// - Writes gather: every record one ``writev(_:count:)`` makes is encrypted into the loop's gather
///   buffer and sent with one `send` (a 16 KiB echo is two records: one system call, one loopback
///   segment, not two). Ciphertext the kernel does not take is kept with the connection, and the
///   plaintext it stands for is *not* reported written: the caller keeps it and offers it again
///   (OpenSSL's own retry rule, which the loops' outbound buffers keep by construction: after
///   `.wouldBlock` or a partial `.written(n)`, the next write starts with the bytes not taken;
///   copied elsewhere is fine). That next write sends the kept ciphertext first and only then
///   reports those bytes, so a caller that sees everything written knows every byte reached the
///   kernel, and one that sees less keeps EPOLLOUT on — the loops need no TLS-specific flush.
/// - Everything else OpenSSL writes (handshake flights, alerts, close_notify, an answer written
///   during a read) goes straight to the socket, behind any kept ciphertext.
/// - Reads consume whole records: offer at least ``recordSize`` bytes of room, or the rest of a
///   record stays decrypted inside OpenSSL (``hasBufferedInput``) where epoll cannot see it. The
///   loops' 256 KiB receive buffers always do.
public struct TLSStream {
    /// The connection's OpenSSL state.
    public let ssl: OpaquePointer
    /// Its entry in ``TLSStreams``.
    let connection: UnsafeMutablePointer<wsb_tls_connection>

    /// The most plaintext one TLS record carries (2^14 bytes).
    public static var recordSize: Int { TLSWriteScratch.capacity }

    /// The stream of `ssl`, whose table entry is `connection`.
    @inline(__always)
    init(ssl: OpaquePointer, connection: UnsafeMutablePointer<wsb_tls_connection>) {
        self.ssl = ssl
        self.connection = connection
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

    /// Frees OpenSSL's read and write buffers if they hold nothing (`SSL_free_buffers`: it refuses
    /// while a record is partly read or unsent); the next read or write allocates them again.
    /// For a connection about to sit idle: per message it would cost two mallocs (see ``TLSContext``).
    public func releaseBuffers() -> Bool {
        SSL_free_buffers(ssl) == 1
    }

    /// Writes up to `count` bytes: ``writev(_:count:)`` of one buffer.
    public func write(from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer), iov_len: count)
        return writev(&vector, count: 1)
    }

    /// Writes `count` buffers in order; returns how many plaintext bytes it took (see the type's
    /// notes on gathering and on what "taken" means while ciphertext waits).
    ///
    /// First the ciphertext an earlier call could not send goes out; only then are the plaintext
    /// bytes it stood for (which the caller offers again) reported written. Then one record per
    /// `SSL_write` (partial-write mode) is encrypted into the loop's gather buffer, sent with one
    /// `send` whenever it has no room for another record, and at the end. Pieces of a record's size
    /// or more go to `SSL_write` where they lie; runs of smaller pieces (a frame header and the start
    /// of its payload, several small frames) are joined in the loop's join buffer first, so they
    /// share one record.
    public func writev(_ vectors: UnsafePointer<iovec>, count: Int) -> WriteResult {
        let c = connection
        var offered = 0
        for i in 0..<count { offered &+= vectors[i].iov_len }
        if offered == 0 { return .written(0) }
        if c.pointee.pending != nil {
            switch wsb_tls_send_pending(c) {
            case 1: break
            case 0: return .wouldBlock
            default: return .error(errno)
            }
        }
        var cursor = PlaintextCursor(vectors: vectors, count: count)
        var total = 0
        if c.pointee.owed > 0 {
            total = min(Int(c.pointee.owed), offered)
            c.pointee.owed -= UInt32(total)
            if total == offered { return .written(total) }
            cursor.advance(by: total)
        }
        let output = c.pointee.output.unsafelyUnwrapped
        output.pointee.gathering = 1
        defer {
            output.pointee.gathering = 0
            output.pointee.length = 0
        }
        let join = UnsafeMutableRawPointer(output.pointee.join.unsafelyUnwrapped)
        // Plaintext encrypted into the gather buffer and not yet sent.
        var gathered = 0
        var stopped: WriteResult? = nil
        while true {
            if stopped == nil && total &+ gathered < offered && output.pointee.capacity &- output.pointee.length >= wsb_tls_max_record_bytes {
                let (chunk, length) = cursor.nextRecord(joiningIn: join)
                var n = 0
                if SSL_write_ex(ssl, chunk, length, &n) == 1 {
                    gathered &+= n
                    cursor.advance(by: n)
                    continue
                }
                let result = writeStopped()
                // No room left for a record after all (OpenSSL keeps it, and it is offered again
                // after the send below); anything else ends the write.
                if result != .wouldBlock || output.pointee.length == 0 { stopped = result }
            }
            let length = output.pointee.length
            if length == 0 { break }
            let sent = wsb_tls_send(c.pointee.fd, output.pointee.bytes, length)
            if sent == length {
                total &+= gathered
                gathered = 0
                output.pointee.length = 0
                continue
            }
            if sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return .error(errno) }
            let taken = max(sent, 0)
            guard wsb_tls_keep_pending(c, output.pointee.bytes + taken, length &- taken) == 1 else { return .error(ENOMEM) }
            c.pointee.owed = UInt32(gathered)
            return total > 0 ? .written(total) : .wouldBlock
        }
        if total > 0 { return .written(total) }
        return stopped ?? .written(0)
    }

    /// Whether ciphertext the kernel has not taken waits with the connection (its plaintext is
    /// still the caller's to offer again).
    public var hasPendingCiphertext: Bool { connection.pointee.pending != nil }

    /// Sends close_notify (`SSL_shutdown`, once the handshake has completed; behind any ciphertext
    /// still pending), then ends the TCP sending side as a plain connection does: the peer reads end
    /// of stream either way.
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

/// Where a gathered write is in its buffers, and how the next record's plaintext is taken from
/// there: in place when a piece holds a record's worth (or is the last), else joined.
struct PlaintextCursor {
    let vectors: UnsafePointer<iovec>
    let count: Int
    var index = 0
    var offset = 0

    init(vectors: UnsafePointer<iovec>, count: Int) {
        self.vectors = vectors
        self.count = count
    }

    /// Moves past `n` bytes.
    @inline(__always)
    mutating func advance(by n: Int) {
        var left = n
        while left > 0 {
            let rest = vectors[index].iov_len &- offset
            if left >= rest {
                left &-= rest
                index &+= 1
                offset = 0
            } else {
                offset &+= left
                left = 0
            }
        }
    }

    /// The next record's plaintext (there must be some left): where it lies, or `join` holding up to
    /// a record's worth of the next small pieces.
    @inline(__always)
    mutating func nextRecord(joiningIn join: UnsafeMutableRawPointer) -> (UnsafeRawPointer, Int) {
        while offset == vectors[index].iov_len {
            index &+= 1
            offset = 0
        }
        let recordSize = TLSStream.recordSize
        let remaining = vectors[index].iov_len &- offset
        if remaining >= recordSize || index == count &- 1 {
            return (UnsafeRawPointer(vectors[index].iov_base.unsafelyUnwrapped) + offset, remaining)
        }
        var filled = 0
        var i = index
        var o = offset
        while i < count && filled < recordSize {
            let take = min(vectors[i].iov_len &- o, recordSize &- filled)
            if take > 0 { (join + filled).copyMemory(from: vectors[i].iov_base.unsafelyUnwrapped + o, byteCount: take) }
            filled &+= take
            o &+= take
            if o == vectors[i].iov_len {
                i &+= 1
                o = 0
            }
        }
        return (UnsafeRawPointer(join), filled)
    }
}
