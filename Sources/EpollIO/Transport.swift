#if canImport(Glibc)
import Glibc
#endif

/// How a connection's bytes cross its socket: the seam where the event loops' I/O differs by
/// transport, and the only one. The loops read into their ``ReceiveBuffer``, write through
/// ``OutboundBuffer`` and gather writes, shut down and close, all through the connection's
/// `Transport`; frame handling above it never knows which transport carried the bytes.
///
/// An enum, not a protocol: the per-message path switches on a one-byte tag (nothing to specialise,
/// no existential dispatch), and a connection slot stores it inline.
///
/// - Plain TCP (`plainTCP`): straight `recv`/`send`/`sendmsg` on the socket.
/// - TLS (next): a case carrying the connection's TLS state; `read` and `write` become
///   `SSL_read`/`SSL_write` over the same socket, with want-read/want-write reported as
///   ``ReadResult/wouldBlock``/``WriteResult/wouldBlock`` so the loops' readiness handling is
///   unchanged; `shutdownWrite` sends close_notify.
/// - HTTP/2 streams (after TLS) do not plug in here: the socket of an HTTP/2 connection is plain or
///   TLS, and its WebSockets are streams multiplexed above it; each stream feeds the same frame
///   handling with the DATA it receives and sends its frames as DATA (see ARCHITECTURE.md).
public enum Transport: Sendable, Equatable {
    /// Bytes go straight to and from the kernel's TCP socket.
    case plainTCP

    /// Reads up to `count` bytes into `buffer`.
    @inlinable
    public func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> ReadResult {
        switch self {
        case .plainTCP: return Socket.read(fd, into: buffer, count: count)
        }
    }

    /// Writes up to `count` bytes from `buffer`.
    @inlinable
    public func write(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        switch self {
        case .plainTCP: return Socket.write(fd, from: buffer, count: count)
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
        }
    }

    /// Writes two buffers (a frame header and its payload) as one gathered write.
    @inlinable
    public func writev(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> WriteResult {
        switch self {
        case .plainTCP: return Socket.writev(fd, first, second)
        }
    }

    /// Ends our sending side once what was written has gone (the peer reads end of stream).
    @inlinable
    public func shutdownWrite(_ fd: Int32) {
        switch self {
        case .plainTCP: try? Socket.shutdown(fd, .write)
        }
    }

    /// Closes the socket (which also removes it from every epoll set).
    @inlinable
    public func close(_ fd: Int32) {
        switch self {
        case .plainTCP: Socket.close(fd)
        }
    }
}
