import CIsal
import CZlib
import WebSocketCore

/// Decompresses the messages of one direction of one connection (RFC 7692 §7.2.2).
///
/// Per compressed message: ``append(_:)`` each frame's payload (unmasked) in order, then
/// ``finish()``, which appends the `00 00 ff ff` tail and returns the inflated message. The zlib
/// state is allocated on the first compressed message and freed in `deinit`.
///
/// The inflated size is capped: when a message would exceed ``maximumMessageSize`` the call throws
/// ``ProtocolError/messageTooBig`` (close 1009), and the output buffer never grows beyond the cap
/// plus one byte, whatever the compression ratio. Corrupt data throws
/// ``ProtocolError/invalidCompressedData`` (close 1007). After an error the inflater may be reused:
/// the next message starts from a fresh stream.
///
/// A message that ends its DEFLATE stream (a block with BFINAL set, RFC 7692 §7.2.3.4) is accepted;
/// the rest of that message's input is ignored and, with context takeover, the window is carried
/// over into a fresh stream.
///
/// With ``DeflateImplementation/isal`` the inflate state is the thread's shared ``DeflateWorkspace``
/// (reset per message; `hist_bits` rejects a match beyond the negotiated window) and a connection
/// with context takeover keeps only its last 2^windowBits inflated bytes. Only one message may then
/// be in progress per workspace: a message whose inflation another inflater of the same workspace
/// interrupted fails as corrupt (the server and the load generator inflate whole messages).
public final class MessageInflater {
    /// The negotiated window bits of the sender (8...15); zlib is opened with at least 9.
    public let windowBits: Int
    /// Reset after every message (`*_no_context_takeover` for the sending side).
    public let noContextTakeover: Bool
    /// The largest inflated message accepted.
    public let maximumMessageSize: Int
    /// Where inflated messages are written.
    public let buffer: DeflateBuffer

    private var zlib: ZlibStream?
    /// Inflated bytes of the current message in ``buffer``.
    private var count = 0
    /// Where the current `inflate` call's output must stop. zlib accepts a match that reaches back
    /// past its window (which a peer must not send, RFC 7692 §7.1.2) when the match lies within
    /// the current call's output, so the calls are planned from the message alone — never from how
    /// large a (shared) ``buffer`` already is — and the verdict on such a message does not depend
    /// on what other messages or connections did before.
    private var outputEnd = 0
    /// A message has been started with ``append(_:)`` and not finished.
    private var inMessage = false
    /// The current message's DEFLATE stream ended (BFINAL): ignore its remaining input.
    private var streamEnded = false
    /// The stream must be reset before the next message (after an error).
    private var needsReset = false
    /// Scratch space to carry the window over a BFINAL reset (allocated only if that happens).
    private var dictionary: UnsafeMutableRawPointer?
    /// The library that inflates (zlib or ISA-L).
    public let implementation: DeflateImplementation
    /// Shared ISA-L state of this thread.
    public let workspace: DeflateWorkspace
    /// The inflated history for ISA-L with context takeover.
    private var history: HistoryWindow

    /// The `00 00 ff ff` tail removed by the sender (RFC 7692 §7.2.2).
    private static let tail: (UInt8, UInt8, UInt8, UInt8) = (0x00, 0x00, 0xff, 0xff)

    /// Creates an inflater; nothing is allocated until the first message.
    public init(
        windowBits: Int, noContextTakeover: Bool, maximumMessageSize: Int,
        buffer: DeflateBuffer = DeflateBuffer(), implementation: DeflateImplementation? = .zlib,
        workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        precondition(DeflateWindowBits.allowed.contains(windowBits), "windowBits must be 8...15")
        precondition(maximumMessageSize >= 0, "maximumMessageSize must not be negative")
        self.windowBits = windowBits
        self.noContextTakeover = noContextTakeover
        self.maximumMessageSize = maximumMessageSize
        self.buffer = buffer
        self.implementation = DeflateImplementation.forInflating(implementation)
        self.workspace = workspace
        history = HistoryWindow(windowBits: windowBits)
    }

    /// Creates the inflater for the messages the peer of `role` sends under `parameters`.
    public convenience init(
        parameters: DeflateParameters, role: Role, maximumMessageSize: Int,
        buffer: DeflateBuffer = DeflateBuffer(), implementation: DeflateImplementation? = .zlib,
        workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        let sender: Role = role == .server ? .client : .server
        self.init(
            windowBits: parameters.windowBits(sentBy: sender),
            noContextTakeover: parameters.noContextTakeover(sentBy: sender),
            maximumMessageSize: maximumMessageSize, buffer: buffer, implementation: implementation,
            workspace: workspace)
    }

    deinit {
        if let zlib {
            inflateEnd(zlib.stream)
            zlib.deallocate()
        }
        dictionary?.deallocate()
        history.deallocate()
        if workspace.inflateOwner == ObjectIdentifier(self) { workspace.inflateOwner = nil }
    }

    /// Whether per-inflater state has been allocated (zlib: after the first message; ISA-L: the
    /// history window after the first message with context takeover).
    public var isAllocated: Bool { zlib != nil || history.allocatedBytes > 0 }

    /// Bytes held for this inflater's zlib state (0 before the first message), excluding ``buffer``.
    /// zlib allocates the window itself on the first inflated byte.
    public var zlibBytes: Int {
        guard let zlib else { return history.allocatedBytes }
        return zlib.allocatedBytes + (dictionary == nil ? 0 : 1 << 15)
    }

    /// Inflates the next payload chunk (a whole frame payload or any part of it) of the current
    /// compressed message; the first call after ``finish()`` starts a new message.
    public func append(_ chunk: UnsafeRawBufferPointer) throws(ProtocolError) {
        if implementation == .isal { return try appendWithIsal(chunk) }
        let stream = try beginMessageIfNeeded()
        guard !streamEnded, chunk.count > 0 else { return }
        try inflate(stream, chunk)
    }

    /// Ends the current message (appending the `00 00 ff ff` tail) and returns its inflated bytes,
    /// valid until the next call that uses ``buffer``.
    public func finish() throws(ProtocolError) -> UnsafeRawBufferPointer {
        if implementation == .isal { return try finishWithIsal() }
        let stream = try beginMessageIfNeeded()
        inMessage = false
        if !streamEnded {
            var tail = Self.tail
            try withUnsafeBytes(of: &tail) { (bytes) throws(ProtocolError) in try inflate(stream, bytes) }
            // After the tail, inflate must be between blocks; otherwise the message was truncated.
            if !streamEnded && stream.pointee.data_type & 128 == 0 {
                needsReset = true
                throw .invalidCompressedData
            }
        }
        if streamEnded {
            try restartAfterStreamEnd(stream)
        } else if noContextTakeover {
            inflateReset(stream)
        }
        return UnsafeRawBufferPointer(start: buffer.base, count: count)
    }

    /// Inflates a whole single-frame compressed payload: ``append(_:)`` then ``finish()``.
    public func inflateMessage(_ payload: UnsafeRawBufferPointer) throws(ProtocolError) -> UnsafeRawBufferPointer {
        try append(payload)
        return try finish()
    }

    private func beginMessageIfNeeded() throws(ProtocolError) -> UnsafeMutablePointer<z_stream> {
        let stream = zlibStream()
        if !inMessage {
            inMessage = true
            count = 0
            outputEnd = 0
            streamEnded = false
            if needsReset {
                needsReset = false
                inflateReset(stream)
            }
        }
        return stream
    }

    private func inflate(_ stream: UnsafeMutablePointer<z_stream>, _ input: UnsafeRawBufferPointer) throws(ProtocolError) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        defer { stream.pointee.next_in = nil }
        while true {
            let space = try outputSpace(forInputOf: input.count)
            stream.pointee.next_out = buffer.base!.advanced(by: count).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(space)
            let status = CZlib.inflate(stream, Z_SYNC_FLUSH)
            count &+= space &- Int(stream.pointee.avail_out)
            if count > maximumMessageSize { return try fail(.messageTooBig) }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                // Done once all input is consumed and inflate stopped for lack of input, not space.
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 { return }
                if status == Z_BUF_ERROR && stream.pointee.avail_out != 0 { return try fail(.invalidCompressedData) }
            case Z_STREAM_END:
                streamEnded = true
                return
            default:
                return try fail(.invalidCompressedData)
            }
        }
    }

    /// The room left for output, grown when full (to twice the output so far, at least 4 KiB or four
    /// times the input) up to one byte past the cap, which tells us the cap was exceeded (1009).
    @inline(__always)
    private func outputSpace(forInputOf inputCount: Int) throws(ProtocolError) -> Int {
        if count == outputEnd {
            let limit = maximumMessageSize &+ 1
            guard outputEnd < limit else { throw failed(.messageTooBig) }
            outputEnd = min(max(4096, count &* 2, inputCount &* 4), limit)
            buffer.grow(toExactly: outputEnd, preserving: count)
        }
        return outputEnd &- count
    }

    private func fail(_ error: ProtocolError) throws(ProtocolError) {
        throw failed(error)
    }

    /// Ends the current message after an error (the next one starts from a fresh stream); returns `error`.
    private func failed(_ error: ProtocolError) -> ProtocolError {
        needsReset = true
        inMessage = false
        if workspace.inflateOwner == ObjectIdentifier(self) { workspace.inflateOwner = nil }
        return error
    }

    // MARK: ISA-L

    /// The shared ISA-L state for the current message, set up (reset, window, dictionary) when it starts.
    private func isalState() throws(ProtocolError) -> UnsafeMutablePointer<inflate_state> {
        let me = ObjectIdentifier(self)
        if inMessage {
            guard workspace.inflateOwner == me else { throw failed(.invalidCompressedData) }
            return workspace.isalInflateState()
        }
        inMessage = true
        count = 0
        outputEnd = 0
        streamEnded = false
        needsReset = false
        workspace.inflateOwner = me
        let state = workspace.resetIsalInflateState(historyBits: windowBits)
        if !noContextTakeover, history.count > 0 {
            let bytes = UnsafeMutablePointer(mutating: history.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            guard isal_inflate_set_dict(state, bytes, UInt32(history.count)) == ISAL_DECOMP_OK else {
                throw failed(.invalidCompressedData)
            }
        }
        return state
    }

    private func appendWithIsal(_ chunk: UnsafeRawBufferPointer) throws(ProtocolError) {
        let state = try isalState()
        guard !streamEnded, chunk.count > 0 else { return }
        try inflateWithIsal(state, chunk)
    }

    private func finishWithIsal() throws(ProtocolError) -> UnsafeRawBufferPointer {
        let state = try isalState()
        if !streamEnded {
            var tail = Self.tail
            try withUnsafeBytes(of: &tail) { (bytes) throws(ProtocolError) in try inflateWithIsal(state, bytes) }
            // After the tail, inflate must be between blocks; otherwise the message was truncated.
            if !streamEnded && wsb_isal_inflate_between_blocks(state) == 0 { try fail(.invalidCompressedData) }
        }
        inMessage = false
        workspace.inflateOwner = nil
        let message = UnsafeRawBufferPointer(start: buffer.base, count: count)
        if !noContextTakeover { history.append(message) }
        return message
    }

    /// The zlib loop's output planning and cap, with `isal_inflate`.
    private func inflateWithIsal(_ state: UnsafeMutablePointer<inflate_state>, _ input: UnsafeRawBufferPointer) throws(ProtocolError) {
        state.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: UInt8.self))
        state.pointee.avail_in = UInt32(input.count)
        defer { state.pointee.next_in = nil }
        while true {
            let space = try outputSpace(forInputOf: input.count)
            state.pointee.next_out = buffer.base!.advanced(by: count).assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = UInt32(space)
            let status = isal_inflate(state)
            count &+= space &- Int(state.pointee.avail_out)
            if count > maximumMessageSize { return try fail(.messageTooBig) }
            if status != ISAL_DECOMP_OK { return try fail(.invalidCompressedData) }
            if state.pointee.avail_out != 0 {
                if wsb_isal_inflate_stream_ended(state) != 0 { streamEnded = true }
                if streamEnded || state.pointee.avail_in == 0 { return }
            }
        }
    }

    /// A BFINAL block ended the stream: start a fresh one, carrying the window over with context takeover.
    private func restartAfterStreamEnd(_ stream: UnsafeMutablePointer<z_stream>) throws(ProtocolError) {
        if noContextTakeover {
            inflateReset(stream)
            return
        }
        let scratch = dictionary ?? UnsafeMutableRawPointer.allocate(byteCount: 1 << 15, alignment: 16)
        dictionary = scratch
        let bytes = scratch.assumingMemoryBound(to: Bytef.self)
        var length: uInt = 0
        guard inflateGetDictionary(stream, bytes, &length) == Z_OK, inflateReset(stream) == Z_OK,
            inflateSetDictionary(stream, bytes, length) == Z_OK
        else { return try fail(.invalidCompressedData) }
    }

    private func zlibStream() -> UnsafeMutablePointer<z_stream> {
        if let zlib { return zlib.stream }
        let created = ZlibStream()
        let status = wsb_inflate_init_raw(created.pointer, DeflateWindowBits.zlibWindowBits(forNegotiated: windowBits))
        precondition(status == Z_OK, "inflateInit2 failed: \(status)")
        zlib = created
        return created.stream
    }
}
