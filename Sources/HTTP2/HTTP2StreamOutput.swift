#if canImport(Glibc)
import Glibc
#endif

/// The bytes queued for one HTTP/2 stream that nghttp2 has not taken into DATA frames yet: on the
/// server the stream's echoes (whole WebSocket frames, as a `WriteBatch` gathered them) or an HTTP
/// answer's body, in the load generator the stream's requests. nghttp2's data provider copies them out
/// (``take(into:maximum:)``) as the peer's flow-control window allows, or (the server, with
/// `NGHTTP2_DATA_FLAG_NO_COPY`) the front bytes are written in place (``pendingBytes``) and then
/// dropped (``drop(_:)``).
///
/// Storage is `malloc`ed when bytes are first queued. By default it is freed as soon as everything is
/// taken, so an idle stream holds no heap memory; with `keepsStorageWhenDrained` it stays for the next
/// message, so a busy stream never allocates in steady state (the load generator's streams send all
/// the time). The server keeps it too but hands drained storage to its loop's
/// ``HTTP2OutputStorageReserve`` (``giveStorage(to:)``) and takes a block from there before queueing
/// (``adoptStorage(from:)``): no allocation per message, and no buffer held by an idle stream. Keep
/// exactly one copy and call ``release()`` when the stream goes.
public struct HTTP2StreamOutput {
    var storage: UnsafeMutableRawPointer? = nil
    var capacity = 0
    var start = 0
    var end = 0
    /// Whether drained storage is kept for the next append instead of freed.
    let keepsStorageWhenDrained: Bool

    /// The smallest allocation (one page; not measured against other sizes).
    static let minimumCapacity = 4096

    public init(keepsStorageWhenDrained: Bool = false) {
        self.keepsStorageWhenDrained = keepsStorageWhenDrained
    }

    /// Bytes queued.
    public var pendingByteCount: Int { end &- start }

    /// True when nothing is queued.
    public var isEmpty: Bool { end == start }

    /// Bytes of heap storage held (0 when drained).
    public var allocatedByteCount: Int { capacity }

    /// Queues a copy of `bytes`.
    @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if start == end { start = 0; end = 0 }
        if end &+ bytes.count > capacity { makeRoom(bytes.count) }
        (storage.unsafelyUnwrapped + end).copyMemory(from: source, byteCount: bytes.count)
        end &+= bytes.count
    }

    /// Copies up to `maximum` queued bytes to `destination` and drops them from the queue; frees the
    /// storage once it is empty (unless it keeps it). Returns how many were copied.
    @inline(__always)
    public mutating func take(into destination: UnsafeMutableRawPointer, maximum: Int) -> Int {
        let count = min(maximum, pendingByteCount)
        guard count > 0, let storage else { return 0 }
        destination.copyMemory(from: storage + start, byteCount: count)
        start &+= count
        if start == end && !keepsStorageWhenDrained { release() }
        return count
    }

    /// The queued bytes, front first (valid until the next mutation).
    public var pendingBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.map { $0 + start }, count: pendingByteCount)
    }

    /// Drops the first `count` queued bytes (written in place from ``pendingBytes``); frees the
    /// storage once it is empty (unless it keeps it).
    @inline(__always)
    public mutating func drop(_ count: Int) {
        precondition(count <= pendingByteCount, "dropping more than is queued")
        start &+= count
        if start == end && !keepsStorageWhenDrained { release() }
    }

    /// Takes a block from `reserve` as storage if the output has none (call before queueing).
    @inline(__always)
    public mutating func adoptStorage(from reserve: HTTP2OutputStorageReserve) {
        guard storage == nil, let block = reserve.take() else { return }
        storage = block.storage
        capacity = block.capacity
        start = 0
        end = 0
    }

    /// Hands the storage to `reserve` if nothing is queued (the output then holds no heap memory).
    @inline(__always)
    public mutating func giveStorage(to reserve: HTTP2OutputStorageReserve) {
        guard start == end, let storage else { return }
        reserve.keep(storage, capacity: capacity)
        self.storage = nil
        capacity = 0
        start = 0
        end = 0
    }

    /// Drops everything queued and frees the storage.
    public mutating func release() {
        if let storage { free(storage) }
        storage = nil
        capacity = 0
        start = 0
        end = 0
    }

    @inline(never)
    mutating func makeRoom(_ count: Int) {
        let pending = pendingByteCount
        let needed = pending &+ count
        if let storage, needed <= capacity {
            // The taken prefix makes room: slide the queued bytes down.
            storage.copyMemory(from: storage + start, byteCount: pending)
        } else {
            var newCapacity = max(capacity, HTTP2StreamOutput.minimumCapacity)
            while newCapacity < needed { newCapacity <<= 1 }
            guard let fresh = malloc(newCapacity) else { fatalError("out of memory") }
            if let storage {
                fresh.copyMemory(from: storage + start, byteCount: pending)
                free(storage)
            }
            storage = fresh
            capacity = newCapacity
        }
        start = 0
        end = pending
    }
}
