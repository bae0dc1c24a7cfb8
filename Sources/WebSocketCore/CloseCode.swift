/// A close status code (RFC 6455 §7.4, IANA "WebSocket Close Code Number Registry").
public struct CloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let normalClosure = CloseCode(rawValue: 1000)
    public static let goingAway = CloseCode(rawValue: 1001)
    public static let protocolError = CloseCode(rawValue: 1002)
    public static let unsupportedData = CloseCode(rawValue: 1003)
    /// Reserved: "no status code was present". Never sent on the wire.
    public static let noStatusReceived = CloseCode(rawValue: 1005)
    /// Reserved: "closed without a close frame". Never sent on the wire.
    public static let abnormalClosure = CloseCode(rawValue: 1006)
    public static let invalidFramePayloadData = CloseCode(rawValue: 1007)
    public static let policyViolation = CloseCode(rawValue: 1008)
    public static let messageTooBig = CloseCode(rawValue: 1009)
    public static let mandatoryExtension = CloseCode(rawValue: 1010)
    public static let internalError = CloseCode(rawValue: 1011)
    public static let serviceRestart = CloseCode(rawValue: 1012)
    public static let tryAgainLater = CloseCode(rawValue: 1013)
    public static let badGateway = CloseCode(rawValue: 1014)
    /// Reserved: TLS handshake failure. Never sent on the wire.
    public static let tlsHandshake = CloseCode(rawValue: 1015)

    /// Whether an endpoint may put this code in a close frame (RFC 6455 §7.4.1–7.4.2):
    /// 1000–1003, 1007–1014 (IANA-registered), and 3000–4999 (libraries and applications).
    @inlinable
    public var mayAppearOnWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    public var description: String { String(rawValue) }
}
