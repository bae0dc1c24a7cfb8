import CEpoll

#if canImport(Glibc)
import Glibc
#endif

extension Socket {
    /// Reads up to `count` bytes from the socket `fd` into `buffer` (one `recv` call, which skips
    /// the VFS layer a `read` goes through; `EINTR` retried).
    @inlinable
    public static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> ReadResult {
        while true {
            let n = Glibc.recv(fd, buffer, count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return count == 0 ? .bytes(0) : .endOfFile }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .error(error)
        }
    }

    /// Writes up to `count` bytes from `buffer` with `MSG_NOSIGNAL` (a closed peer is
    /// `.error(EPIPE)`, never SIGPIPE). One `send` call; `EINTR` retried.
    @inlinable
    public static func write(_ fd: Int32, from buffer: UnsafeRawPointer, count: Int) -> WriteResult {
        while true {
            let n = cepoll_send(fd, buffer, count)
            if n >= 0 { return .written(n) }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .error(error)
        }
    }

    /// Writes `bytes` (see `write(_:from:count:)`).
    @inlinable
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        guard let base = bytes.baseAddress else { return .written(0) }
        return write(fd, from: base, count: bytes.count)
    }

    /// Gathers `count` buffers described by `vectors` into one `sendmsg` with
    /// `MSG_NOSIGNAL` (a `writev` without SIGPIPE). Partial writes are normal:
    /// the result counts bytes over all buffers in order. `EINTR` retried. A single buffer goes
    /// out with `send`, which spares the kernel copying a message header and iovec array.
    @inlinable
    public static func writev(_ fd: Int32, _ vectors: UnsafePointer<iovec>, count: Int) -> WriteResult {
        if count == 1 { return write(fd, from: vectors.pointee.iov_base, count: vectors.pointee.iov_len) }
        while true {
            let n = cepoll_sendv(fd, vectors, Int32(truncatingIfNeeded: count))
            if n >= 0 { return .written(n) }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK { return .wouldBlock }
            return .error(error)
        }
    }

    /// Writes two buffers with one `sendmsg` (e.g. a frame header and its payload).
    @inlinable
    public static func writev(_ fd: Int32, _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> WriteResult {
        var vectors = (
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
        )
        return withUnsafePointer(to: &vectors) { pair in
            pair.withMemoryRebound(to: iovec.self, capacity: 2) { writev(fd, $0, count: 2) }
        }
    }
}
