#if canImport(Glibc)
import Glibc
#endif

/// Drained ``HTTP2StreamOutput`` storage kept by one event loop for the next stream that queues
/// bytes, so echoing on HTTP/2 does not `malloc` and `free` a buffer per message while an idle
/// stream holds no buffer at all.
///
/// A stream hands its storage back (``HTTP2StreamOutput/giveStorage(to:)``) as soon as nghttp2 has
/// taken everything, and takes a block (``HTTP2StreamOutput/adoptStorage(from:)``) when it next has
/// bytes to queue. A loop echoes a stream's message and sends it in the same turn, so the reserve
/// holds about as many blocks as streams had output queued at once in a turn; it keeps blocks of at
/// most ``maximumBlockCapacity`` bytes up to ``maximumBytes`` in all and frees the rest.
///
/// Not thread-safe: one per loop. Frees its blocks when it goes.
public final class HTTP2OutputStorageReserve {
    /// Bytes kept at most per loop (4 MiB: 1,024 blocks of a 20 B echo's 4 KiB, or 128 of a 16 KiB
    /// echo's 32 KiB — one per stream with output queued at once in a turn; beyond that streams
    /// allocate as before). Not measured against other sizes.
    public static let maximumBytes = 4 << 20
    /// The largest block kept (64 KiB); larger ones are freed.
    public static let maximumBlockCapacity = 64 << 10
    /// Blocks kept at most (every block is at least `HTTP2StreamOutput`'s 4 KiB minimum).
    static let maximumBlocks = maximumBytes / HTTP2StreamOutput.minimumCapacity

    let blocks: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let capacities: UnsafeMutablePointer<Int>
    /// Blocks held. Unchecked (like ``allocatedByteCount``): touched twice per echoed message by its
    /// loop's thread only (callgrind showed the dynamic exclusivity checks on the 20 B h2c echo).
    @exclusivity(unchecked) public private(set) var count = 0
    /// Bytes of heap storage held in blocks.
    @exclusivity(unchecked) public private(set) var allocatedByteCount = 0

    /// An empty reserve (its two small index arrays are allocated now, the blocks as streams return them).
    public init() {
        blocks = .allocate(capacity: HTTP2OutputStorageReserve.maximumBlocks)
        capacities = .allocate(capacity: HTTP2OutputStorageReserve.maximumBlocks)
    }

    deinit {
        for i in 0..<count { free(blocks[i]) }
        blocks.deallocate()
        capacities.deallocate()
    }

    /// The most recently returned block (nil when empty).
    @inline(__always)
    func take() -> (storage: UnsafeMutableRawPointer, capacity: Int)? {
        guard count > 0 else { return nil }
        count &-= 1
        allocatedByteCount &-= capacities[count]
        return (blocks[count], capacities[count])
    }

    /// Keeps `storage` for reuse, or frees it when the reserve is full or the block too big.
    @inline(__always)
    func keep(_ storage: UnsafeMutableRawPointer, capacity: Int) {
        guard capacity <= HTTP2OutputStorageReserve.maximumBlockCapacity,
            allocatedByteCount &+ capacity <= HTTP2OutputStorageReserve.maximumBytes,
            count < HTTP2OutputStorageReserve.maximumBlocks
        else {
            free(storage)
            return
        }
        blocks[count] = storage
        capacities[count] = capacity
        count &+= 1
        allocatedByteCount &+= capacity
    }
}
