#if canImport(Glibc)
import Glibc
#endif

/// Drained ``HTTP2StreamOutput`` storage kept by one event loop for the next stream that queues
/// bytes, so echoing on HTTP/2 does not `malloc` and `free` a buffer per message while an idle
/// stream holds no buffer at all.
///
/// A stream hands its storage back (``HTTP2StreamOutput/giveStorage(to:)``) as soon as nghttp2 has
/// taken everything, and takes a block (``HTTP2StreamOutput/adoptStorage(from:)``) when it next has
/// bytes to queue. A loop echoes a stream's message and sends it in the same turn, so a handful of
/// blocks serve all its streams; the reserve keeps at most ``maximumBlocks`` blocks of at most
/// ``maximumBlockCapacity`` bytes each (1 MiB per loop at most) and frees the rest.
///
/// Not thread-safe: one per loop. Frees its blocks when it goes.
public final class HTTP2OutputStorageReserve {
    /// Blocks kept at most: one per stream that has output queued at once in a turn before the loop
    /// sends (not measured; a turn of a connection with many busy streams may need more, which then
    /// allocate as before).
    public static let maximumBlocks = 16
    /// The largest block kept (64 KiB: a 16 KiB echo's block is 32 KiB); larger ones are freed.
    public static let maximumBlockCapacity = 64 << 10

    let blocks: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let capacities: UnsafeMutablePointer<Int>
    /// Blocks held. Unchecked: touched twice per echoed message by its loop's thread only (callgrind
    /// showed the dynamic exclusivity checks of this class's state on the 20 B h2c echo).
    @exclusivity(unchecked) public private(set) var count = 0

    public init() {
        blocks = .allocate(capacity: HTTP2OutputStorageReserve.maximumBlocks)
        capacities = .allocate(capacity: HTTP2OutputStorageReserve.maximumBlocks)
    }

    deinit {
        for i in 0..<count { free(blocks[i]) }
        blocks.deallocate()
        capacities.deallocate()
    }

    /// Bytes of heap storage held in blocks.
    public var allocatedByteCount: Int {
        var total = 0
        for i in 0..<count { total &+= capacities[i] }
        return total
    }

    /// The most recently returned block (nil when empty).
    @inline(__always)
    func take() -> (storage: UnsafeMutableRawPointer, capacity: Int)? {
        guard count > 0 else { return nil }
        count &-= 1
        return (blocks[count], capacities[count])
    }

    /// Keeps `storage` for reuse, or frees it when the reserve is full or the block too big.
    @inline(__always)
    func keep(_ storage: UnsafeMutableRawPointer, capacity: Int) {
        guard count < HTTP2OutputStorageReserve.maximumBlocks, capacity <= HTTP2OutputStorageReserve.maximumBlockCapacity else {
            free(storage)
            return
        }
        blocks[count] = storage
        capacities[count] = capacity
        count &+= 1
    }
}
