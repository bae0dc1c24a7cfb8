/// The fixed part of a WebSocket frame (RFC 6455 §5.2): FIN, RSV1–3, opcode, mask bit, payload length
/// and masking key. 2 to 14 bytes on the wire.
public struct FrameHeader: Hashable, Sendable {
    /// FIN: this is the final fragment of a message.
    public var fin: Bool
    /// The RSV1–3 bits as they sit in the first byte (`0x40` = RSV1, `0x20` = RSV2, `0x10` = RSV3).
    public var reservedBits: UInt8
    public var opcode: Opcode
    /// The masking key; present on every client-to-server frame and on none other.
    public var maskingKey: MaskingKey?
    /// Payload length in bytes (at most `Int64.max`: a length with its top bit set is rejected).
    public var payloadLength: Int

    /// RSV1, which permessage-deflate uses to mark a compressed message's first frame.
    public static let rsv1: UInt8 = 0x40
    public static let rsv2: UInt8 = 0x20
    public static let rsv3: UInt8 = 0x10
    /// The longest header: 2 + 8 (64-bit length) + 4 (masking key).
    public static let maximumLength = 14

    @inlinable
    public init(
        fin: Bool = true, reservedBits: UInt8 = 0, opcode: Opcode, maskingKey: MaskingKey? = nil,
        payloadLength: Int
    ) {
        self.fin = fin
        self.reservedBits = reservedBits
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payloadLength = payloadLength
    }

    /// Whether RSV1 is set.
    @inlinable
    public var rsv1: Bool { reservedBits & FrameHeader.rsv1 != 0 }

    /// The number of bytes this header takes on the wire.
    @inlinable
    public var encodedLength: Int {
        FrameHeader.encodedLength(payloadLength: payloadLength, masked: maskingKey != nil)
    }

    /// The number of header bytes for a payload of `payloadLength` bytes.
    @inlinable
    public static func encodedLength(payloadLength: Int, masked: Bool) -> Int {
        let base = payloadLength < 126 ? 2 : (payloadLength <= 0xFFFF ? 4 : 10)
        return masked ? base &+ 4 : base
    }
}
