/// Turns frame pieces into messages (RFC 6455 §5.4): joins fragments, lets control frames interleave,
/// enforces the message size limit and validates text as UTF-8 as it arrives (failing at the first
/// bad byte, not at the end of the message).
///
/// A message that arrives whole in one piece is handed back in place (no copy); anything else is
/// gathered into a ``MessageBuffer`` allocated on first need.
public struct MessageAssembler {
    // Stored properties are ordered widest first, the one-byte ones last, so that the assembler has
    // no inner padding (it sits in every server connection's slot).

    /// The largest message (sum of its fragments' payloads) accepted; more fails with 1009.
    public var maximumMessageLength: Int
    @usableFromInline var messageLength = 0
    /// Gathers data messages that span pieces; allocated on first need.
    @usableFromInline var dataBuffer: MessageBuffer? = nil
    /// Gathers a control frame split across reads (rare); allocated on first need.
    @usableFromInline var controlBuffer: MessageBuffer? = nil
    @usableFromInline var utf8 = UTF8Validator()
    /// Whether uncompressed text messages are validated as UTF-8 (RFC 6455 requires it).
    public var validatesUTF8: Bool
    /// The opcode (text or binary) of the message being assembled, if one is open.
    @usableFromInline var messageOpcode: Opcode? = nil
    @usableFromInline var messageIsCompressed = false

    public init(maximumMessageLength: Int = 16 << 20, validatesUTF8: Bool = true) {
        self.maximumMessageLength = maximumMessageLength
        self.validatesUTF8 = validatesUTF8
    }

    /// Whether a fragmented message is open.
    @inlinable
    public var isInsideMessage: Bool { messageOpcode != nil }

    /// Takes the next piece from the frame decoder.
    @inlinable
    public mutating func accept(_ piece: FramePiece) -> MessageEvent {
        let header = piece.header
        if header.opcode.isControl { return acceptControl(piece) }
        if piece.isFrameStart {
            if header.opcode == .continuation {
                guard messageOpcode != nil else { return .failure(.unexpectedContinuation) }
            } else {
                guard messageOpcode == nil else { return .failure(.expectedContinuation) }
                messageOpcode = header.opcode
                messageIsCompressed = header.rsv1
                messageLength = 0
                utf8.reset()
                dataBuffer?.removeAll()
            }
            // Fail on the announced length, before the payload arrives.
            if header.payloadLength > maximumMessageLength &- messageLength { return .failure(.messageTooBig) }
        }
        let opcode = messageOpcode.unsafelyUnwrapped
        messageLength &+= piece.payload.count
        let checksText = opcode == .text && validatesUTF8 && !messageIsCompressed
        if checksText && !utf8.validate(UnsafeRawBufferPointer(piece.payload)) { return .failure(.invalidUTF8) }
        let messageEnds = piece.isFrameEnd && header.fin
        if messageEnds && checksText && !utf8.finish() { return .failure(.invalidUTF8) }
        if messageEnds && messageLength == piece.payload.count {
            // The whole message is in this piece: hand it back in place.
            messageOpcode = nil
            return .message(Message(opcode: opcode, payload: piece.payload, isCompressed: messageIsCompressed))
        }
        let buffer = gatheringBuffer()
        buffer.append(UnsafeRawBufferPointer(piece.payload))
        guard messageEnds else { return .incomplete }
        messageOpcode = nil
        return .message(Message(opcode: opcode, payload: buffer.bytes, isCompressed: messageIsCompressed))
    }

    @inlinable
    mutating func gatheringBuffer() -> MessageBuffer {
        if let buffer = dataBuffer { return buffer }
        let buffer = MessageBuffer()
        dataBuffer = buffer
        return buffer
    }

    @usableFromInline
    mutating func acceptControl(_ piece: FramePiece) -> MessageEvent {
        var payload = piece.payload
        if !piece.isWholeFrame {
            let buffer: MessageBuffer
            if let existing = controlBuffer {
                buffer = existing
            } else {
                buffer = MessageBuffer(retainedCapacity: 128)
                controlBuffer = buffer
            }
            if piece.isFrameStart { buffer.removeAll() }
            buffer.append(UnsafeRawBufferPointer(piece.payload))
            guard piece.isFrameEnd else { return .incomplete }
            payload = buffer.bytes
        }
        switch piece.header.opcode {
        case .ping: return .ping(payload)
        case .pong: return .pong(payload)
        default:
            switch CloseFrame.parse(UnsafeRawBufferPointer(payload)) {
            case .success(let close): return .close(close)
            case .failure(let error): return .failure(error)
            }
        }
    }
}
