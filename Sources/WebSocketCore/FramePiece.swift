/// A run of one frame's payload found in a receive buffer, already unmasked in place.
///
/// A frame whose payload arrives over several reads yields several pieces; a frame that sits whole
/// in one read yields one piece with ``isFrameStart`` and ``isFrameEnd`` both true. `payload` points
/// into the caller's buffer and is valid only as long as that buffer is.
public struct FramePiece {
    public var header: FrameHeader
    /// This piece's payload bytes, unmasked.
    public var payload: UnsafeMutableRawBufferPointer
    /// How many payload bytes of the same frame came before this piece.
    public var offsetInFrame: Int
    /// Whether this piece ends the frame.
    public var isFrameEnd: Bool

    @inlinable
    public init(header: FrameHeader, payload: UnsafeMutableRawBufferPointer, offsetInFrame: Int, isFrameEnd: Bool) {
        self.header = header
        self.payload = payload
        self.offsetInFrame = offsetInFrame
        self.isFrameEnd = isFrameEnd
    }

    /// Whether this piece starts the frame.
    @inlinable
    public var isFrameStart: Bool { offsetInFrame == 0 }

    /// Whether the whole frame is in this piece.
    @inlinable
    public var isWholeFrame: Bool { offsetInFrame == 0 && isFrameEnd }
}
