/// What a frame decoder accepts: the masking direction, the reserved bits that negotiated extensions
/// define, and the largest frame payload it will take.
public struct FrameRules: Sendable, Hashable {
    /// The decoding endpoint's role: a server requires masked frames, a client unmasked ones.
    public var role: Role
    /// RSV bits an extension gave meaning to (``FrameHeader/rsv1`` once permessage-deflate is
    /// negotiated). Any other set RSV bit fails the connection.
    public var allowedReservedBits: UInt8
    /// The largest payload length a frame header may announce; a longer one fails with 1009.
    public var maximumFramePayloadLength: Int

    @inlinable
    public init(role: Role, allowedReservedBits: UInt8 = 0, maximumFramePayloadLength: Int = 16 << 20) {
        self.role = role
        self.allowedReservedBits = allowedReservedBits
        self.maximumFramePayloadLength = maximumFramePayloadLength
    }
}
