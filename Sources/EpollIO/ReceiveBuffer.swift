import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// One large read buffer shared by all connections of a loop (one per thread).
///
/// Every connection reads into the same memory and parses it in place before the next
/// read, so the common case — a read that ends on a frame boundary — copies nothing.
/// When a read ends inside a frame, the owner parks the tail in that connection's
/// `ParkedBytes`; the next read of that connection lands right after room reserved for
/// the parked bytes, which are copied in front only if the read returned data.
///
/// Keep parked tails well below `capacity` (e.g. park only incomplete headers and
/// small frames, stream large payloads) so every read has room to make progress. Over TLS the room
/// must be at least a record (``TLSStream/recordSize``, 16 KiB): a TLS read takes whole records.
public struct ReceiveBuffer: ~Copyable {
    /// Size of the shared buffer in bytes.
    public let capacity: Int
    /// Start of the shared buffer.
    public let base: UnsafeMutableRawPointer

    /// Allocates a shared buffer of `capacity` bytes (256 KiB by default: one buffer per loop, sized to
    /// take a 200 × 16 KiB burst in few reads; not measured against other sizes).
    public init(capacity: Int = 256 * 1024) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.base = .allocate(byteCount: capacity, alignment: 64)
    }

    deinit {
        base.deallocate()
    }

    /// Reads from `fd` through `transport` into the whole buffer (a connection with nothing parked).
    @inlinable
    public func read(from fd: Int32, via transport: Transport = .plainTCP) -> ReceiveResult {
        switch transport.read(fd, into: base, count: capacity) {
        case .bytes(let n): return .received(UnsafeMutableRawBufferPointer(start: base, count: n))
        case .wouldBlock: return .wouldBlock
        case .endOfFile: return .endOfFile
        case .error(let error): return .error(error)
        }
    }

    /// Reads from `fd` through `transport` after `parked`'s bytes: on data, returns parked + new bytes
    /// contiguously and empties `parked` (freeing its storage).
    @inlinable
    public func read(from fd: Int32, via transport: Transport = .plainTCP, parked: inout ParkedBytes) -> ReceiveResult {
        let parkedCount = parked.count
        if parkedCount == 0 { return read(from: fd, via: transport) }
        precondition(parkedCount < capacity, "parked bytes fill the whole receive buffer")
        switch transport.read(fd, into: base + parkedCount, count: capacity - parkedCount) {
        case .bytes(let n):
            base.copyMemory(from: parked.storage.unsafelyUnwrapped, byteCount: parkedCount)
            parked.release()
            return .received(UnsafeMutableRawBufferPointer(start: base, count: parkedCount + n))
        case .wouldBlock: return .wouldBlock
        case .endOfFile: return .endOfFile
        case .error(let error): return .error(error)
        }
    }
}
