import WebSocketCore
import CZlib

/// Compresses whole messages for one direction of one connection (RFC 7692 §7.2.1).
///
/// The zlib state is allocated on the first ``compress(_:)`` and freed in `deinit`. Each message is
/// deflated with `Z_SYNC_FLUSH` and the trailing `00 00 ff ff` is removed; with
/// `noContextTakeover` the stream is reset after every message, so the next one does not refer to
/// earlier ones. (A deflater without context takeover keeps no message state between calls, so one
/// instance may serve every connection of a thread.)
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

    private var zlib: ZlibStream?

    /// Creates a deflater; nothing is allocated until the first message.
    public init(
        windowBits: Int, noContextTakeover: Bool, level: Int = 1, memoryLevel: Int = 4,
        buffer: DeflateBuffer = DeflateBuffer()
    ) {
        precondition(DeflateWindowBits.allowed.contains(windowBits), "windowBits must be 8...15")
        precondition((-1...9).contains(level) && (1...9).contains(memoryLevel), "bad zlib level or memLevel")
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        self.level = level
        self.memoryLevel = memoryLevel
        self.buffer = buffer
    }

    /// Creates the deflater for the messages `role` sends under `parameters`.
    public convenience init(
        parameters: DeflateParameters, role: Role, level: Int = 1, memoryLevel: Int = 4,
        buffer: DeflateBuffer = DeflateBuffer()
    ) {
        self.init(
            windowBits: parameters.windowBits(sentBy: role),
            noContextTakeover: parameters.noContextTakeover(sentBy: role),
            level: level, memoryLevel: memoryLevel, buffer: buffer)
    }

    deinit {
        if let zlib {
            deflateEnd(zlib.stream)
            zlib.deallocate()
        }
    }

    /// Whether the zlib state has been allocated (after the first message).
    public var isAllocated: Bool { zlib != nil }

    /// Bytes held for this deflater's zlib state (0 before the first message), excluding ``buffer``.
    public var zlibBytes: Int { zlib?.allocatedBytes ?? 0 }

    /// Compresses one whole message payload and returns the compressed payload without the
    /// `00 00 ff ff` tail, ready to be sent in one or more frames with RSV1 on the first.
    ///
    /// The result points into ``buffer`` and is valid until the next call that uses that buffer.
    public func compress(_ payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
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
