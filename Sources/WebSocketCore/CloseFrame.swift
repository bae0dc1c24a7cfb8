/// The payload of a close frame (RFC 6455 §5.5.1): an optional status code and a UTF-8 reason.
public struct CloseFrame: Hashable, Sendable {
    /// The status code; `nil` when the frame had no payload (reported as 1005 to applications).
    public var code: CloseCode?
    /// The reason text (at most 123 bytes of UTF-8 on the wire).
    public var reason: String

    public init(code: CloseCode?, reason: String = "") {
        self.code = code
        self.reason = reason
    }

    /// The longest reason that fits a control frame: 125 − 2 bytes of code.
    public static let maximumReasonLength = 123

    /// Parses and checks a received close payload: a 1-byte payload, a code that may not appear on
    /// the wire (1002) or a reason that is not UTF-8 (1007) are errors.
    public static func parse(_ payload: UnsafeRawBufferPointer) -> Result<CloseFrame, ProtocolError> {
        switch payload.count {
        case 0:
            return .success(CloseFrame(code: nil))
        case 1:
            return .failure(.invalidClosePayloadLength)
        default:
            let raw = UInt16(payload[0]) << 8 | UInt16(payload[1])
            let code = CloseCode(rawValue: raw)
            guard code.mayAppearOnWire else { return .failure(.invalidCloseCode(raw)) }
            let reasonBytes = UnsafeRawBufferPointer(rebasing: payload[2...])
            var validator = UTF8Validator()
            guard validator.validate(reasonBytes), validator.finish() else { return .failure(.invalidUTF8) }
            return .success(CloseFrame(code: code, reason: String(decoding: reasonBytes, as: UTF8.self)))
        }
    }

    /// The reason's UTF-8 as sent: cut to 123 bytes on a character boundary.
    var wireReason: Substring.UTF8View {
        let utf8 = reason.utf8[...]
        guard utf8.count > CloseFrame.maximumReasonLength else { return utf8 }
        var cut = CloseFrame.maximumReasonLength
        // Do not split a multi-byte character: back up over continuation bytes.
        while cut > 0 && utf8[utf8.index(utf8.startIndex, offsetBy: cut)] & 0xC0 == 0x80 { cut -= 1 }
        return utf8.prefix(cut)
    }

    /// The number of payload bytes ``encodePayload(into:)`` writes.
    public var encodedPayloadLength: Int { code == nil ? 0 : 2 &+ wireReason.count }

    /// Writes the close payload (code in network order, then the reason cut to 123 bytes on a
    /// character boundary) and returns its length. `destination` needs 125 bytes.
    @discardableResult
    public func encodePayload(into destination: UnsafeMutableRawPointer) -> Int {
        guard let code else { return 0 }
        destination.storeBytes(of: code.rawValue.bigEndian, as: UInt16.self)
        var length = 2
        for byte in wireReason {
            destination.storeBytes(of: byte, toByteOffset: length, as: UInt8.self)
            length += 1
        }
        return length
    }
}
