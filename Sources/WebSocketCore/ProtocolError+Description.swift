extension ProtocolError: CustomStringConvertible {
    /// The violation in words, with the rule it breaks.
    public var description: String {
        switch self {
        case .reservedOpcode(let opcode):
            return "a frame used the reserved opcode 0x\(String(opcode, radix: 16)) (RFC 6455 §5.2)"
        case .reservedBitsSet:
            return "a frame set RSV bits that no negotiated extension defines (RFC 6455 §5.2)"
        case .fragmentedControlFrame:
            return "a control frame was fragmented (RFC 6455 §5.5)"
        case .controlFrameTooLong:
            return "a control frame carried more than 125 bytes (RFC 6455 §5.5)"
        case .lengthTopBitSet:
            return "a 64-bit payload length had its most significant bit set (RFC 6455 §5.2)"
        case .unmaskedClientFrame:
            return "the client sent an unmasked frame (RFC 6455 §5.1)"
        case .maskedServerFrame:
            return "the server sent a masked frame (RFC 6455 §5.1)"
        case .messageTooBig:
            return "a message was larger than the configured maximum"
        case .unexpectedContinuation:
            return "a continuation frame arrived with no fragmented message to continue (RFC 6455 §5.4)"
        case .expectedContinuation:
            return "a new message began while a fragmented message was still open (RFC 6455 §5.4)"
        case .invalidUTF8:
            return "a text message or close reason was not valid UTF-8 (RFC 6455 §8.1)"
        case .invalidCloseCode(let code):
            return "a close frame carried code \(code), which may not be sent (RFC 6455 §7.4)"
        case .invalidClosePayloadLength:
            return "a close frame had a 1-byte payload (RFC 6455 §5.5.1)"
        case .invalidCompressedData:
            return "compressed data did not inflate (RFC 7692 §6.2)"
        }
    }
}
