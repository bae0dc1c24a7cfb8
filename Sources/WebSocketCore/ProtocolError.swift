/// A violation of RFC 6455 (or of a configured limit) found while decoding frames or messages.
/// Each case maps to the close code the endpoint must send before closing the connection.
public enum ProtocolError: Error, Hashable, Sendable {
    /// Opcode 0x3–0x7 or 0xB–0xF.
    case reservedOpcode(UInt8)
    /// RSV1–3 set without an extension that defines their meaning.
    case reservedBitsSet
    /// A close, ping or pong frame with FIN = 0.
    case fragmentedControlFrame
    /// A control frame whose payload is longer than 125 bytes.
    case controlFrameTooLong
    /// A 64-bit payload length with the most significant bit set.
    case lengthTopBitSet
    /// A client-to-server frame without a masking key (checked by servers).
    case unmaskedClientFrame
    /// A server-to-client frame with a masking key (checked by clients).
    case maskedServerFrame
    /// A frame or message larger than the configured maximum.
    case messageTooBig
    /// A continuation frame with no fragmented message to continue.
    case unexpectedContinuation
    /// A new text or binary frame while a fragmented message is still open.
    case expectedContinuation
    /// A text message (or close reason) that is not valid UTF-8.
    case invalidUTF8
    /// A close frame whose code may not be sent on the wire (or a 1-byte close payload).
    case invalidCloseCode(UInt16)
    /// A close frame whose payload is a single byte.
    case invalidClosePayloadLength
    /// Compressed data that does not inflate (permessage-deflate).
    case invalidCompressedData

    /// The close code to send when failing the connection for this error.
    public var closeCode: CloseCode {
        switch self {
        case .invalidUTF8: return .invalidFramePayloadData
        case .messageTooBig: return .messageTooBig
        case .invalidCompressedData: return .invalidFramePayloadData
        default: return .protocolError
        }
    }
}
