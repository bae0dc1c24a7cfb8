/// Reads messages from a byte stream: a ``FrameDecoder`` feeding a ``MessageAssembler``.
///
/// Call ``next(_:cursor:)`` with each receive buffer until it answers ``MessageEvent/incomplete``,
/// which here always means the whole buffer was consumed.
public struct MessageReader {
    // The assembler comes first: its size is a multiple of 8 less a few bytes, which the decoder's
    // alignment would waste the other way round.
    public var assembler: MessageAssembler
    public var frames: FrameDecoder

    /// A reader for `role` with a maximum message size (which also caps each frame).
    public init(role: Role, maximumMessageLength: Int = 16 << 20, allowedReservedBits: UInt8 = 0) {
        frames = FrameDecoder(
            rules: FrameRules(
                role: role, allowedReservedBits: allowedReservedBits, maximumFramePayloadLength: maximumMessageLength))
        assembler = MessageAssembler(maximumMessageLength: maximumMessageLength)
    }

    /// The next event in `buffer` from `cursor` on; advances `cursor` past what was taken.
    @inlinable
    public mutating func next(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> MessageEvent {
        while true {
            switch frames.next(buffer, cursor: &cursor) {
            case .needMoreBytes:
                return .incomplete
            case .failure(let error):
                return .failure(error)
            case .piece(let piece):
                let event = assembler.accept(piece)
                if case .incomplete = event { continue }
                return event
            }
        }
    }
}
