import CIsal
import CLibdeflate
import CZlib
import WebSocketCore

/// Compresses whole messages for one direction of one connection (RFC 7692 §7.2.1).
///
/// The zlib state is allocated on the first ``compress(_:)`` and freed in `deinit`. Each message is
/// deflated with `Z_SYNC_FLUSH` and the trailing `00 00 ff ff` is removed; with
/// `noContextTakeover` the stream is reset after every message, so the next one does not refer to
/// earlier ones. (A deflater without context takeover keeps no message state between calls, so one
/// instance may serve every connection of a thread.)
///
/// The library is an ``DeflateImplementation``: zlib keeps its own stream per deflater; ISA-L and
/// libdeflate use the thread's shared ``DeflateWorkspace``, and an ISA-L deflater with context
/// takeover keeps only its last 2^windowBits bytes of plaintext between messages.
public final class MessageDeflater {
    /// The negotiated window bits (8...15); zlib is given 9 for 8 (see ``DeflateWindowBits``).
    public let windowBits: Int
    /// Reset after every message (`*_no_context_takeover` for the sending side).
    public let noContextTakeover: Bool
    /// zlib compression level (-1...9).
    public let level: Int
    /// zlib memLevel (1...9).
    public let memoryLevel: Int
    /// Where compressed messages are written.
    public let buffer: DeflateBuffer
    /// The library that compresses (already validated for the window and context takeover).
    public let implementation: DeflateImplementation
    /// Shared ISA-L / libdeflate state of this thread.
    public let workspace: DeflateWorkspace

    /// The most history (log2 bytes) an ISA-L deflater keeps with context takeover: the dictionary
    /// loaded before each message under ``isalDictionaryLimit`` (a compressor may use less window than
    /// negotiated; the peer's inflater keeps its whole window regardless).
    // 2 KiB, not 8: set_dict hashes the whole dictionary per message. deflate_floor … DICTIONARY_BYTES 2048 vs 8192, medians of 3
    // (µs/msg, ratio): 256 B 15-bit 5.2 vs 6.2 (3.42 vs 3.50); 1 KiB 12-bit 5.5 vs 6.0 (4.12 vs 4.10), 15-bit 5.2 vs 8.0 (4.12 vs 4.05); 4 KiB 10.0 vs 12.4 (4.55 vs 4.56).
    static let isalHistoryBits = 11

    /// An ISA-L deflater with context takeover compresses messages of at least this many bytes
    /// without its history (a compressor may use less than negotiated; the history is still kept
    /// for the smaller messages after it).
    // callgrind, level 1, json, 12-bit window: the 4 KiB dictionary costs ~55k instructions per message
    // (set_dict + hashing) and buys +46% ratio at 1 KiB but only +10% at 8 KiB and +5% at 16 KiB (+25% instructions).
    public static let isalDictionaryLimit = 8 * 1024

    private var zlib: ZlibStream?
    /// The plaintext history for ISA-L with context takeover.
    private var history: HistoryWindow

    /// Creates a deflater; nothing is allocated until the first message.
    public init(
        windowBits: Int, noContextTakeover: Bool, level: Int = 1, memoryLevel: Int = 4,
        buffer: DeflateBuffer = DeflateBuffer(), implementation: DeflateImplementation? = .zlib,
        workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        precondition(DeflateWindowBits.allowed.contains(windowBits), "windowBits must be 8...15")
        precondition((-1...9).contains(level) && (1...9).contains(memoryLevel), "bad zlib level or memLevel")
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        self.level = level
        self.memoryLevel = memoryLevel
        self.buffer = buffer
        self.implementation = DeflateImplementation.forCompressing(
            implementation, windowBits: windowBits, noContextTakeover: noContextTakeover)
        self.workspace = workspace
        // A compressor may use less history than negotiated; isal_deflate_set_dict re-hashes it per
        // message, and a 32 KiB dictionary made ISA-L slower than zlib at 1 KiB (88 vs 53 µs), 8 KiB does not.
        history = HistoryWindow(windowBits: min(windowBits, Self.isalHistoryBits))
    }

    /// Creates the deflater for the messages `role` sends under `parameters`.
    public convenience init(
        parameters: DeflateParameters, role: Role, level: Int = 1, memoryLevel: Int = 4,
        buffer: DeflateBuffer = DeflateBuffer(), implementation: DeflateImplementation? = .zlib,
        workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        self.init(
            windowBits: parameters.windowBits(sentBy: role),
            noContextTakeover: parameters.noContextTakeover(sentBy: role),
            level: level, memoryLevel: memoryLevel, buffer: buffer, implementation: implementation,
            workspace: workspace)
    }

    deinit {
        if let zlib {
            deflateEnd(zlib.stream)
            zlib.deallocate()
        }
        history.deallocate()
    }

    /// Whether per-deflater state has been allocated (zlib: after the first message; ISA-L: the
    /// history window after the first message with context takeover; libdeflate: never).
    public var isAllocated: Bool { zlib != nil || history.allocatedBytes > 0 }

    /// Bytes this deflater holds between messages (0 before the first), excluding ``buffer`` and
    /// the shared ``workspace``: the zlib state, or the ISA-L history window.
    public var zlibBytes: Int { (zlib?.allocatedBytes ?? 0) + history.allocatedBytes }

    /// Compresses one whole message payload and returns the compressed payload without the
    /// `00 00 ff ff` tail, ready to be sent in one or more frames with RSV1 on the first.
    ///
    /// The result points into ``buffer`` and is valid until the next call that uses that buffer.
    public func compress(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        switch implementation {
        case .zlib: return compressWithZlib(payload)
        case .isal: return compressWithIsal(payload)
        case .libdeflate: return compressWithLibdeflate(payload)
        }
    }

    private func compressWithZlib(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let stream = zlibStream()
        let bound = Int(deflateBound(stream, uLong(payload.count))) &+ 16
        buffer.reserve(bound, preserving: 0)
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: payload.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(payload.count)
        var written = 0
        while true {
            let space = buffer.capacity &- written
            stream.pointee.next_out = buffer.base!.advanced(by: written).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(space)
            let status = deflate(stream, Z_SYNC_FLUSH)
            precondition(status == Z_OK || status == Z_BUF_ERROR, "deflate failed: \(status)")
            written &+= space &- Int(stream.pointee.avail_out)
            if stream.pointee.avail_out != 0 { break }
            buffer.reserve(buffer.capacity &* 2, preserving: written)
        }
        stream.pointee.next_in = nil
        if noContextTakeover { deflateReset(stream) }
        if written == 0 {
            // An empty message right after a flush: zlib has nothing to emit (Z_BUF_ERROR). Send the
            // header byte of an empty stored block; the receiver's 00 00 ff ff completes it.
            buffer.base!.storeBytes(of: 0, as: UInt8.self)
            return UnsafeRawBufferPointer(start: buffer.base, count: 1)
        }
        // Z_SYNC_FLUSH always ends with an empty stored block: 00 00 ff ff (RFC 7692 §7.2.1).
        precondition(written >= 4, "deflate produced no sync flush marker")
        return UnsafeRawBufferPointer(start: buffer.base, count: written &- 4)
    }

    /// ISA-L level 1 with sync flush; `hist_bits` keeps every match within the negotiated window, and
    /// with context takeover the history window is the dictionary for messages under
    /// ``isalDictionaryLimit`` bytes.
    private func compressWithIsal(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let stream = workspace.isalDeflateStream(historyBits: windowBits)
        if !noContextTakeover, history.count > 0, payload.count < Self.isalDictionaryLimit {
            let dictionary = UnsafeMutablePointer(mutating: history.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            let status = isal_deflate_set_dict(stream, dictionary, UInt32(history.count))
            precondition(status == COMP_OK, "isal_deflate_set_dict failed: \(status)")
        }
        buffer.reserve(payload.count &+ payload.count >> 3 &+ 1024, preserving: 0)
        var empty: UInt8 = 0
        let written = withUnsafeMutablePointer(to: &empty) { emptyInput -> Int in
            stream.pointee.next_in = payload.count > 0
                ? UnsafeMutablePointer(mutating: payload.baseAddress!.assumingMemoryBound(to: UInt8.self)) : emptyInput
            stream.pointee.avail_in = UInt32(payload.count)
            var written = 0
            while true {
                let space = buffer.capacity &- written
                stream.pointee.next_out = buffer.base!.advanced(by: written).assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(space)
                let status = isal_deflate(stream)
                precondition(status == COMP_OK, "isal_deflate failed: \(status)")
                written &+= space &- Int(stream.pointee.avail_out)
                if stream.pointee.avail_out != 0 && stream.pointee.avail_in == 0 { break }
                buffer.reserve(buffer.capacity &* 2, preserving: written)
            }
            stream.pointee.next_in = nil
            return written
        }
        if !noContextTakeover { history.append(payload) }
        return finishSyncFlushed(written)
    }

    /// libdeflate level 1, one final block; valid only for a 15-bit window without context takeover
    /// (checked at init). The empty stored block RFC 7692 §7.2.3.4 appends after a BFINAL block
    /// leaves one 0x00 byte once its `00 00 ff ff` is removed.
    private func compressWithLibdeflate(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let compressor = workspace.libdeflate()
        let bound = libdeflate_deflate_compress_bound(compressor, payload.count) &+ 1
        buffer.reserve(bound, preserving: 0)
        let written = libdeflate_deflate_compress(
            compressor, payload.baseAddress, payload.count, buffer.base, buffer.capacity &- 1)
        precondition(written > 0, "libdeflate_deflate_compress found no room within its bound")
        buffer.base!.storeBytes(of: 0, toByteOffset: written, as: UInt8.self)
        return UnsafeRawBufferPointer(start: buffer.base, count: written &+ 1)
    }

    /// The sync-flushed output of `written` bytes in ``buffer`` without its `00 00 ff ff` tail.
    private func finishSyncFlushed(_ written: Int) -> UnsafeRawBufferPointer {
        if written <= 4 {
            // Nothing before the flush marker: one 0x00 (an empty stored block's header) is a valid message.
            buffer.base!.storeBytes(of: 0, as: UInt8.self)
            return UnsafeRawBufferPointer(start: buffer.base, count: 1)
        }
        return UnsafeRawBufferPointer(start: buffer.base, count: written &- 4)
    }

    private func zlibStream() -> UnsafeMutablePointer<z_stream> {
        if let zlib { return zlib.stream }
        let created = ZlibStream()
        let status = wsb_deflate_init_raw(
            created.pointer, Int32(level), DeflateWindowBits.zlibWindowBits(forNegotiated: windowBits),
            Int32(memoryLevel))
        precondition(status == Z_OK, "deflateInit2 failed: \(status)")
        zlib = created
        return created.stream
    }
}
