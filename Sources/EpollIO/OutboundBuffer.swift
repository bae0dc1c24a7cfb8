import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// The bytes of one connection that the kernel did not take yet.
///
/// Empty, it is 16 bytes of nothing: storage is `malloc`ed on the first partial write
/// and freed as soon as a flush drains it, so an idle connection holds no heap memory.
/// It is a plain value meant to live in an fd-indexed connection table: copies alias
/// the same storage, so keep exactly one, and call `release()` when the connection
/// closes with bytes still pending.
///
/// ```swift
/// switch table[fd].outbound.write(frame, to: fd) {
/// case .drained: break
/// case .pending: watchWritable(fd)        // flush on .writable
/// case .error: closeConnection(fd)
/// }
/// if marks.shouldPauseReading(pendingBytes: table[fd].outbound.pendingByteCount) { pauseReading(fd) }
/// ```
@frozen
public struct OutboundBuffer {
    @usableFromInline var storage: UnsafeMutableRawPointer?
    @usableFromInline var storageCapacity: UInt32
    @usableFromInline var start: UInt32
    @usableFromInline var end: UInt32

    /// The smallest allocation made when bytes first have to be kept (one page; not measured against
    /// other sizes).
    @usableFromInline static var minimumCapacity: Int { 4096 }

    /// An empty buffer (no storage).
    @inlinable
    public init() {
        storage = nil
        storageCapacity = 0
        start = 0
        end = 0
    }

    /// Bytes waiting to be written.
    @inlinable
    public var pendingByteCount: Int { Int(end &- start) }

    /// True when nothing is pending.
    @inlinable
    public var isEmpty: Bool { end == start }

    /// Bytes of heap storage held (0 when drained).
    @inlinable
    public var allocatedByteCount: Int { Int(storageCapacity) }

    /// The pending bytes (valid until the next mutation).
    @inlinable
    public var pendingBytes: UnsafeRawBufferPointer {
        guard let storage else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: storage + Int(start), count: pendingByteCount)
    }

    /// Copies `bytes` to the end of the pending bytes, growing the storage if needed.
    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        let count = bytes.count
        if let storage, Int(end) + count <= Int(storageCapacity) {
            (storage + Int(end)).copyMemory(from: source, byteCount: count)
            end &+= UInt32(count)
            return
        }
        appendSlowPath(source, count: count)
    }

    @usableFromInline
    mutating func appendSlowPath(_ source: UnsafeRawPointer, count: Int) {
        let pending = pendingByteCount
        let needed = pending + count
        precondition(needed <= Int(UInt32.max), "outbound buffer over 4 GiB")
        if let storage, needed <= Int(storageCapacity) {
            // Enough room once the written prefix is dropped: slide the pending bytes down.
            storage.copyMemory(from: storage + Int(start), byteCount: pending)
        } else {
            var capacity = max(Int(storageCapacity), OutboundBuffer.minimumCapacity)
            while capacity < needed { capacity <<= 1 }
            let newStorage: UnsafeMutableRawPointer
            if let storage, start == 0 {
                guard let grown = realloc(storage, capacity) else { fatalError("out of memory") }
                newStorage = grown
            } else {
                guard let fresh = malloc(capacity) else { fatalError("out of memory") }
                if let storage {
                    fresh.copyMemory(from: storage + Int(start), byteCount: pending)
                    free(storage)
                }
                newStorage = fresh
            }
            storage = newStorage
            storageCapacity = UInt32(capacity)
        }
        start = 0
        end = UInt32(pending)
        (storage.unsafelyUnwrapped + pending).copyMemory(from: source, byteCount: count)
        end = UInt32(needed)
    }

    /// Writes `bytes` to `fd` (through `transport`) keeping order: if bytes are already pending they are
    /// queued behind them (no system call); otherwise one `send` is tried and whatever
    /// the kernel does not take is kept.
    @inlinable
    public mutating func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, via transport: Transport = .plainTCP) -> FlushResult {
        if !isEmpty {
            append(bytes)
            return .pending
        }
        switch transport.write(fd, bytes) {
        case .written(let n):
            if n == bytes.count { return .drained }
            append(UnsafeRawBufferPointer(rebasing: bytes[n...]))
            return .pending
        case .wouldBlock:
            append(bytes)
            return .pending
        case .error(let error):
            return .error(error)
        }
    }

    /// Writes two buffers (e.g. a frame header and its payload) with one `sendmsg`,
    /// keeping order as `write(_:to:)` does.
    @inlinable
    public mutating func write(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, to fd: Int32, via transport: Transport = .plainTCP
    ) -> FlushResult {
        if !isEmpty {
            append(first)
            append(second)
            return .pending
        }
        switch transport.writev(fd, first, second) {
        case .written(let n):
            if n == first.count + second.count { return .drained }
            if n < first.count {
                append(UnsafeRawBufferPointer(rebasing: first[n...]))
                append(second)
            } else {
                append(UnsafeRawBufferPointer(rebasing: second[(n - first.count)...]))
            }
            return .pending
        case .wouldBlock:
            append(first)
            append(second)
            return .pending
        case .error(let error):
            return .error(error)
        }
    }

    /// Writes pending bytes to `fd` through `transport` (call when it is writable). Frees the storage
    /// once everything is written.
    @inlinable
    public mutating func flush(to fd: Int32, via transport: Transport = .plainTCP) -> FlushResult {
        guard let storage, !isEmpty else { return .drained }
        switch transport.write(fd, from: storage + Int(start), count: pendingByteCount) {
        case .written(let n):
            start &+= UInt32(n)
            if start == end {
                release()
                return .drained
            }
            return .pending
        case .wouldBlock:
            return .pending
        case .error(let error):
            return .error(error)
        }
    }

    /// Drops pending bytes and frees the storage.
    @inlinable
    public mutating func release() {
        if let storage { free(storage) }
        storage = nil
        storageCapacity = 0
        start = 0
        end = 0
    }
}
