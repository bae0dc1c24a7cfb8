/// The outcome of decoding a frame header from bytes that may hold only part of it.
public enum FrameHeaderDecoding: Hashable, Sendable {
    /// A complete header that took `length` bytes (2–14).
    case header(FrameHeader, length: Int)
    /// The bytes so far are a valid start; this many more are needed (a lower bound).
    case needMoreBytes(Int)
    /// The bytes break RFC 6455 or the rules; fail the connection with `error.closeCode`.
    case failure(ProtocolError)
}

extension FrameHeader {
    /// Decodes a header from the `count` bytes at `bytes`, checking it against `rules` as early as the
    /// bytes allow (an invalid first byte fails even when the rest has not arrived).
    @inlinable
    public static func decode(
        _ bytes: UnsafeRawPointer, count: Int, rules: FrameRules
    ) -> FrameHeaderDecoding {
        guard count >= 1 else { return .needMoreBytes(2) }
        let b0 = bytes.load(as: UInt8.self)
        let reserved = b0 & 0x70
        if reserved & ~rules.allowedReservedBits != 0 { return .failure(.reservedBitsSet) }
        guard let opcode = Opcode(rawValue: b0 & 0x0F) else { return .failure(.reservedOpcode(b0 & 0x0F)) }
        let fin = b0 & 0x80 != 0
        if opcode.isControl {
            if !fin { return .failure(.fragmentedControlFrame) }
            // RFC 7692 §6: RSV1 never marks a control frame.
            if reserved != 0 { return .failure(.reservedBitsSet) }
        } else if opcode == .continuation && reserved & FrameHeader.rsv1 != 0 {
            // RFC 7692 §6.1: RSV1 is set on the first frame of a compressed message only.
            return .failure(.reservedBitsSet)
        }
        guard count >= 2 else { return .needMoreBytes(1) }
        let b1 = bytes.load(fromByteOffset: 1, as: UInt8.self)
        let masked = b1 & 0x80 != 0
        switch rules.role {
        case .server where !masked: return .failure(.unmaskedClientFrame)
        case .client where masked: return .failure(.maskedServerFrame)
        default: break
        }
        let length7 = Int(b1 & 0x7F)
        if opcode.isControl && length7 > 125 { return .failure(.controlFrameTooLong) }
        var offset = 2
        var payloadLength = length7
        if length7 == 126 {
            guard count >= 4 else { return .needMoreBytes(4 &- count &+ (masked ? 4 : 0)) }
            payloadLength = Int(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
            offset = 4
        } else if length7 == 127 {
            guard count >= 10 else { return .needMoreBytes(10 &- count &+ (masked ? 4 : 0)) }
            let wide = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 2, as: UInt64.self))
            if wide & (1 << 63) != 0 { return .failure(.lengthTopBitSet) }
            payloadLength = Int(wide)
            offset = 10
        }
        if payloadLength > rules.maximumFramePayloadLength { return .failure(.messageTooBig) }
        var key: MaskingKey? = nil
        if masked {
            guard count >= offset &+ 4 else { return .needMoreBytes(offset &+ 4 &- count) }
            key = MaskingKey(packed: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            offset &+= 4
        }
        let header = FrameHeader(
            fin: fin, reservedBits: reserved, opcode: opcode, maskingKey: key, payloadLength: payloadLength)
        return .header(header, length: offset)
    }
}
