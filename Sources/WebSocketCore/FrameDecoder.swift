/// Splits a byte stream into frames, in place and without allocating.
///
/// Feed each receive buffer with ``next(_:cursor:)`` until it answers ``Event/needMoreBytes``. Payload
/// bytes are unmasked in place and handed back as ``FramePiece``s pointing into the buffer. A header
/// cut off at the end of a read is kept inside the decoder (at most 13 bytes), so the caller never
/// has to carry bytes over from one read to the next.
public struct FrameDecoder: Sendable {
    /// What one step of decoding found.
    public enum Event {
        /// Part or all of a frame's payload (unmasked), or a whole empty frame.
        case piece(FramePiece)
        /// Every byte of the buffer has been consumed; call again with the next read.
        case needMoreBytes
        /// The stream breaks RFC 6455 or the rules; fail the connection with `error.closeCode`.
        case failure(ProtocolError)
    }

    // Stored properties are ordered widest first, with the one-byte count last, so that the decoder
    // has no inner padding (it sits in every server connection's slot).

    /// The header of the frame whose payload is being read, if any.
    @usableFromInline var current: FrameHeader? = nil
    /// Payload bytes of `current` not yet seen.
    @usableFromInline var remaining: Int = 0
    /// Payload bytes of `current` already handed out (the masking key phase).
    @usableFromInline var offsetInFrame: Int = 0
    /// Bytes of a header that was cut off at the end of a read.
    @usableFromInline var stash: (UInt64, UInt64) = (0, 0)
    public var rules: FrameRules
    /// How many bytes `stash` holds (at most 13).
    @usableFromInline var stashedByteCount: UInt8 = 0

    /// How many bytes `stash` holds, as an `Int`.
    @inlinable
    var stashCount: Int {
        get { Int(stashedByteCount) }
        set { stashedByteCount = UInt8(truncatingIfNeeded: newValue) }
    }

    @inlinable
    public init(rules: FrameRules) { self.rules = rules }

    /// Whether the decoder is between frames with no partial header kept.
    @inlinable
    public var isAtFrameBoundary: Bool { current == nil && stashCount == 0 }

    /// Decodes the next piece of `buffer` starting at `cursor`, and advances `cursor` past it.
    @inlinable
    public mutating func next(_ buffer: UnsafeMutableRawBufferPointer, cursor: inout Int) -> Event {
        guard let base = buffer.baseAddress else { return .needMoreBytes }
        let end = buffer.count
        if current == nil {
            let decoded: FrameHeaderDecoding
            if stashCount == 0 {
                decoded = FrameHeader.decode(base + cursor, count: end &- cursor, rules: rules)
                switch decoded {
                case .needMoreBytes:
                    keepPartialHeader(base + cursor, count: end &- cursor)
                    cursor = end
                    return .needMoreBytes
                case .failure(let error):
                    return .failure(error)
                case .header(let header, let length):
                    cursor &+= length
                    startFrame(header)
                }
            } else {
                let take = min(FrameHeader.maximumLength &- stashCount, end &- cursor)
                let held = stashCount
                keepPartialHeader(base + cursor, count: take)
                let stashed = stashCount
                decoded = withUnsafeBytes(of: &stash) {
                    FrameHeader.decode($0.baseAddress!, count: stashed, rules: rules)
                }
                switch decoded {
                case .needMoreBytes:
                    cursor &+= take
                    return .needMoreBytes
                case .failure(let error):
                    return .failure(error)
                case .header(let header, let length):
                    stashCount = 0
                    cursor &+= length &- held
                    startFrame(header)
                }
            }
        }
        let header = current.unsafelyUnwrapped
        let available = end &- cursor
        if remaining > 0 && available == 0 { return .needMoreBytes }
        let count = min(remaining, available)
        let payload = UnsafeMutableRawBufferPointer(start: base + cursor, count: count)
        if let key = header.maskingKey { Masking.apply(key, to: payload, phase: offsetInFrame) }
        let piece = FramePiece(
            header: header, payload: payload, offsetInFrame: offsetInFrame, isFrameEnd: count == remaining)
        cursor &+= count
        remaining &-= count
        offsetInFrame &+= count
        if remaining == 0 { current = nil }
        return .piece(piece)
    }

    @inlinable
    mutating func startFrame(_ header: FrameHeader) {
        current = header
        remaining = header.payloadLength
        offsetInFrame = 0
    }

    /// Appends `count` (≤ 14 − stashCount) header bytes to the stash.
    @inlinable
    mutating func keepPartialHeader(_ bytes: UnsafeMutableRawPointer, count: Int) {
        let at = stashCount
        withUnsafeMutableBytes(of: &stash) { $0.baseAddress!.advanced(by: at).copyMemory(from: bytes, byteCount: count) }
        stashCount &+= count
    }
}
