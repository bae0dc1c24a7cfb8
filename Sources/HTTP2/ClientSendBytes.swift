#if canImport(Glibc)
import Glibc
#endif

/// The WebSocket frames of one HTTP/2 stream that nghttp2 has not yet taken into DATA frames: the
/// load loop appends a stream's frames here, and the stream's data provider copies them out as flow
/// control allows. Storage is kept once grown (a stream reuses it for every message: no allocation
/// per message in steady state) and freed by ``release()``. A plain value living in a per-stream
/// row: keep exactly one copy.
public struct ClientSendBytes {
    var storage: UnsafeMutableRawPointer? = nil
    var capacity = 0
    var start = 0
    var end = 0

    public init() {}

    /// Bytes waiting for nghttp2.
    @inline(__always)
    public var count: Int { end &- start }

    @inline(__always)
    public var isEmpty: Bool { end == start }

    /// Heap bytes held.
    public var allocatedByteCount: Int { capacity }

    /// Appends `bytes`, sliding or growing the storage when needed.
    @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if start == end { start = 0; end = 0 }
        if let storage, end &+ bytes.count <= capacity {
            (storage + end).copyMemory(from: source, byteCount: bytes.count)
            end &+= bytes.count
            return
        }
        grow(toAppend: source, count: bytes.count)
    }

    @inline(never)
    mutating func grow(toAppend source: UnsafeRawPointer, count: Int) {
        let pending = self.count
        let needed = pending + count
        if let storage, needed <= capacity {
            storage.copyMemory(from: storage + start, byteCount: pending)
        } else {
            // 4 KiB first, doubling: a 20 B echo stream never grows past it.
            var newCapacity = max(capacity, 4096)
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
        (storage.unsafelyUnwrapped + end).copyMemory(from: source, byteCount: count)
        end = needed
    }

    /// Moves up to `limit` waiting bytes to `destination`; returns how many.
    @inline(__always)
    public mutating func take(into destination: UnsafeMutableRawPointer, limit: Int) -> Int {
        let n = min(limit, count)
        guard n > 0, let storage else { return 0 }
        destination.copyMemory(from: storage + start, byteCount: n)
        start &+= n
        return n
    }

    /// Frees the storage and drops what waits.
    public mutating func release() {
        if let storage { free(storage) }
        storage = nil
        capacity = 0
        start = 0
        end = 0
    }
}
