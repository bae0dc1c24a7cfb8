import WebSocketCore

/// What a frame reader reported, copied out of the receive buffer so that runs can be compared.
public enum ObservedEvent: Equatable, CustomStringConvertible {
    /// A complete data message; `compressed` is RSV1 of its first frame.
    case message(Opcode, [UInt8], compressed: Bool)
    case ping([UInt8])
    case pong([UInt8])
    case close(CloseFrame)
    case failure(ProtocolError)

    /// Whether this event matches one of the reference model's: equal, or both failures with the
    /// same close code (the model names the rule it checks first, which need not be the one the
    /// decoder checks first when a frame breaks several rules that share a close code).
    public func matches(reference: ObservedEvent) -> Bool {
        if case .failure(let error) = self, case .failure(let expected) = reference {
            return error.closeCode == expected.closeCode
        }
        return self == reference
    }

    public var description: String {
        switch self {
        case .message(let opcode, let payload, let compressed):
            return "message(\(opcode), \(payload.count) bytes\(compressed ? ", compressed" : ""): \(Self.preview(payload)))"
        case .ping(let payload): return "ping(\(Self.preview(payload)))"
        case .pong(let payload): return "pong(\(Self.preview(payload)))"
        case .close(let close): return "close(\(close.code.map { String($0.rawValue) } ?? "none"), \"\(close.reason)\")"
        case .failure(let error): return "failure(\(error), close \(error.closeCode.rawValue))"
        }
    }

    /// The first bytes in hex, for failure messages.
    static func preview(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        let shown = bytes.prefix(24).map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined(separator: " ")
        return bytes.count > 24 ? shown + " …" : shown
    }
}
