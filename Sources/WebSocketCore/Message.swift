/// A complete text or binary message.
///
/// `payload` points either into the receive buffer (a message that arrived whole in one read: no
/// copy) or into the assembler's ``MessageBuffer``; it is valid until the next call to the decoder.
/// When ``isCompressed`` is set (permessage-deflate, RSV1) the payload is still deflated and its
/// UTF-8 has not been checked: inflate it, then validate.
public struct Message {
    public var opcode: Opcode
    public var payload: UnsafeMutableRawBufferPointer
    public var isCompressed: Bool

    @inlinable
    public init(opcode: Opcode, payload: UnsafeMutableRawBufferPointer, isCompressed: Bool) {
        self.opcode = opcode
        self.payload = payload
        self.isCompressed = isCompressed
    }
}

/// What the message layer found in the stream.
public enum MessageEvent {
    /// A complete data message.
    case message(Message)
    /// A ping; answer with a pong carrying the same payload.
    case ping(UnsafeMutableRawBufferPointer)
    /// A pong.
    case pong(UnsafeMutableRawBufferPointer)
    /// A close frame, already checked (code allowed on the wire, reason valid UTF-8).
    case close(CloseFrame)
    /// Nothing complete yet: the bytes were taken, more are needed.
    case incomplete
    /// Fail the connection with `error.closeCode`.
    case failure(ProtocolError)
}
