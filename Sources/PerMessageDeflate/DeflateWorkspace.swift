import CIsal
import CLibdeflate

/// The (de)compressor state one thread shares between all its connections: an ISA-L deflate stream
/// with its level-1 buffer, an ISA-L inflate state and a libdeflate compressor, each allocated on
/// first use. Connections keep only their history windows, so a connection's compression memory
/// does not include these (~82 KB + 276 KB + 87 KB + libdeflate's ~0.5 MB, once per thread).
///
/// Not thread-safe: one per event loop. A message is deflated whole, and at most one inflated
/// message may be in progress on a workspace at a time (``MessageInflater`` checks this).
public final class DeflateWorkspace {
    private var isalDeflate: UnsafeMutablePointer<isal_zstream>?
    private var isalLevelBuffer: UnsafeMutablePointer<UInt8>?
    private var isalInflate: UnsafeMutablePointer<inflate_state>?
    private var libdeflateCompressor: OpaquePointer?
    /// The inflater whose message is in progress on ``isalInflate``, if any.
    var inflateOwner: ObjectIdentifier?

    /// Creates an empty workspace; nothing is allocated until a back end is first used.
    public init() {}

    deinit {
        isalDeflate?.deallocate()
        isalLevelBuffer?.deallocate()
        isalInflate?.deallocate()
        if let libdeflateCompressor { libdeflate_free_compressor(libdeflateCompressor) }
    }

    /// Bytes held by the shared states (not per connection).
    public var allocatedBytes: Int {
        (isalDeflate == nil ? 0 : MemoryLayout<isal_zstream>.size + Int(wsb_isal_level1_buffer_size))
            + (isalInflate == nil ? 0 : MemoryLayout<inflate_state>.size)
    }

    /// An ISA-L level-1 raw-deflate stream, reset and set up for one message with sync flush.
    func isalDeflateStream(historyBits: Int) -> UnsafeMutablePointer<isal_zstream> {
        let stream: UnsafeMutablePointer<isal_zstream>
        if let isalDeflate {
            stream = isalDeflate
            isal_deflate_reset(stream)
        } else {
            stream = .allocate(capacity: 1)
            isal_deflate_init(stream)
            isalDeflate = stream
            isalLevelBuffer = .allocate(capacity: Int(wsb_isal_level1_buffer_size))
        }
        // Level 1, not 0 (callgrind, 16 KiB json/logs): level 0 skips Huffman building (precomputed tables),
        // -17% instructions, but its output is 19-43% larger (ratio 3.5 vs 4.6 json, 2.9 vs 4.2 logs, 3.5 vs 4.2 chat).
        stream.pointee.level = 1
        stream.pointee.level_buf = isalLevelBuffer
        stream.pointee.level_buf_size = wsb_isal_level1_buffer_size
        stream.pointee.hist_bits = UInt16(historyBits)
        stream.pointee.flush = UInt16(SYNC_FLUSH)
        stream.pointee.end_of_stream = 0
        stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
        return stream
    }

    /// The ISA-L raw-inflate state as it is (allocated on first use).
    func isalInflateState() -> UnsafeMutablePointer<inflate_state> {
        if let isalInflate { return isalInflate }
        let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
        isal_inflate_init(state)
        isalInflate = state
        return state
    }

    /// The ISA-L raw-inflate state, reset for a new message.
    func resetIsalInflateState(historyBits: Int) -> UnsafeMutablePointer<inflate_state> {
        let state = isalInflateState()
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_DEFLATE)
        state.pointee.hist_bits = UInt32(historyBits)
        return state
    }

    /// The thread's libdeflate level-1 compressor.
    func libdeflate() -> OpaquePointer {
        if let libdeflateCompressor { return libdeflateCompressor }
        guard let created = libdeflate_alloc_compressor(1) else { fatalError("libdeflate_alloc_compressor failed") }
        libdeflateCompressor = created
        return created
    }
}

