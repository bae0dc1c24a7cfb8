#if canImport(Glibc)
import Glibc
#endif

/// How a connection's bytes cross its socket: the seam where the event loops' I/O differs by
/// transport, and the only one. The loops read into their ``ReceiveBuffer``, write through
/// ``OutboundBuffer`` and gather writes, shut down and close, all through the connection's
/// `Transport`; frame handling above it never knows which transport carried the bytes.
///
/// An enum, not a protocol: the per-message path switches on a one-byte tag (nothing to specialise,
/// no existential dispatch), and a connection slot stores it inline. The tag carries no payload —
/// a TLS connection's state is found by descriptor in ``TLSStreams`` — so a plain connection's slot
/// is as small as before TLS.
///
/// - Plain TCP (`plainTCP`): straight `recv`/`send`/`sendmsg` on the socket.
/// - TLS (`tls`): `SSL_read`/`SSL_write` over the same socket (``TLSStream``), with OpenSSL's
///   want-read/want-write reported as ``ReadResult/wouldBlock``/``WriteResult/wouldBlock`` so the
///   loops' readiness handling, backpressure and outbound buffers are unchanged. Two additions the
///   loops look at only when a read would block or before the first byte: a read may wait for
///   *writability* (``readWaitsForWritable(_:)``), and the handshake runs first, in steps
///   (``handshake(_:)``). `shutdownWrite` sends close_notify; `close` frees the session.
/// - HTTP/2 streams (after TLS) do not plug in here: the socket of an HTTP/2 connection is plain or
///   TLS, and its WebSockets are streams multiplexed above it; each stream feeds the same frame
///   handling with the DATA it receives and sends its frames as DATA (see ARCHITECTURE.md).
public enum Transport: Sendable, Equatable {
    /// Bytes go straight to and from the kernel's TCP socket.
    case plainTCP
    /// TLS over the socket: the descriptor's ``TLSStream`` in ``TLSStreams`` (attached by
    /// ``TLSContext/attachStream(to:scratch:)`` before the tag is set).
    case tls

    /// Reads up to `count` bytes into `buffer`.
    @inlinable
    public func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> ReadResult {
        switch self {
        case .plainTCP: return Socket.read(fd, into: buffer, count: count)
        case .tls: return Transport.tlsRead(fd, into: buffer, count: count)
        }
    }

    /// Writes up to `count` bytes from `buffer`.
    @inlinable
    public func write(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        switch self {
        case .plainTCP: return Socket.write(fd, from: buffer, count: count)
        case .tls: return Transport.tlsWrite(fd, from: buffer, count: count)
        }
    }

    /// Writes `bytes`.
    @inlinable
    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        guard let base = bytes.baseAddress else { return .written(0) }
        return write(fd, from: base, count: bytes.count)
    }

    /// Writes `count` buffers in order as one gathered write.
    @inlinable
    public func writev(_ fd: Int32, _ vectors: UnsafePointer<iovec>, count: Int) -> WriteResult {
        switch self {
        case .plainTCP: return Socket.writev(fd, vectors, count: count)
        case .tls: return Transport.tlsWritev(fd, vectors, count: count)
        }
    }

    /// Writes two buffers (a frame header and its payload) as one gathered write.
    @inlinable
    public func writev(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> WriteResult {
        switch self {
        case .plainTCP: return Socket.writev(fd, first, second)
        case .tls: return Transport.tlsWritev(fd, first, second)
        }
    }

    /// Ends our sending side once what was written has gone (the peer reads end of stream).
    @inlinable
    public func shutdownWrite(_ fd: Int32) {
        switch self {
        case .plainTCP: try? Socket.shutdown(fd, .write)
        case .tls: Transport.tlsShutdownWrite(fd)
        }
    }

    /// Closes the socket (which also removes it from every epoll set).
    @inlinable
    public func close(_ fd: Int32) {
        switch self {
        case .plainTCP: Socket.close(fd)
        case .tls: Transport.tlsClose(fd)
        }
    }

    /// Takes the transport's handshake one step (plain TCP has none: `.complete`).
    public func handshake(_ fd: Int32) -> TLSHandshakeResult {
        switch self {
        case .plainTCP: return .complete
        case .tls: return TLSStreams.shared.stream(fd).handshake(fd)
        }
    }

    /// After a read returned ``ReadResult/wouldBlock``: whether it waits for the socket to become
    /// *writable* (TLS must send something first), so the loop watches EPOLLOUT and reads again
    /// then. Always false for plain TCP.
    @inlinable
    public func readWaitsForWritable(_ fd: Int32) -> Bool {
        switch self {
        case .plainTCP: return false
        case .tls: return Transport.tlsReadWaitsForWritable(fd)
        }
    }

    /// Whether input is waiting inside the transport that the socket no longer shows (TLS with
    /// read-ahead: records OpenSSL already took): read again before waiting for epoll. Always false
    /// for plain TCP.
    @inlinable
    public func hasBufferedInput(_ fd: Int32) -> Bool {
        switch self {
        case .plainTCP: return false
        case .tls: return Transport.tlsHasBufferedInput(fd)
        }
    }

    /// Gives the transport's own buffers back while the connection has nothing in them (TLS:
    /// OpenSSL's ~17 KB read and write buffers, `SSL_free_buffers`; allocated again by the next
    /// read or write). Returns whether they were released; always false for plain TCP.
    @discardableResult
    public func releaseBuffers(_ fd: Int32) -> Bool {
        switch self {
        case .plainTCP: return false
        case .tls: return TLSStreams.shared.stream(fd).releaseBuffers()
        }
    }

    // MARK: TLS, out of line (the plain path inlines without it)

    @usableFromInline
    static func tlsHasBufferedInput(_ fd: Int32) -> Bool {
        TLSStreams.shared.stream(fd).hasBufferedInput
    }

    @usableFromInline
    static func tlsRead(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> ReadResult {
        TLSStreams.shared.stream(fd).read(into: buffer, count: count)
    }

    @usableFromInline
    static func tlsWrite(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        TLSStreams.shared.stream(fd).write(from: buffer, count: count)
    }

    @usableFromInline
    static func tlsWritev(_ fd: Int32, _ vectors: UnsafePointer<iovec>, count: Int) -> WriteResult {
        TLSStreams.shared.stream(fd).writev(vectors, count: count)
    }

    @usableFromInline
    static func tlsWritev(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> WriteResult {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        return withUnsafePointer(to: &vectors) { pair in
            pair.withMemoryRebound(to: iovec.self, capacity: 2) { tlsWritev(fd, $0, count: 2) }
        }
    }

    @usableFromInline
    static func tlsShutdownWrite(_ fd: Int32) {
        TLSStreams.shared.stream(fd).shutdownWrite(fd)
    }

    @usableFromInline
    static func tlsClose(_ fd: Int32) {
        TLSStreams.shared.detach(fd)?.free()
        Socket.close(fd)
    }

    @usableFromInline
    static func tlsReadWaitsForWritable(_ fd: Int32) -> Bool {
        TLSStreams.shared.stream(fd).readWaitsForWritable
    }
}
