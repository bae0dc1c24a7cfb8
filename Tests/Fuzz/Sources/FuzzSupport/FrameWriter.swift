import WebSocketCore

/// Writes frames by hand (RFC 6455 §5.2, minimal length encoding, per-byte masking), for targets
/// that generate the stream they read.
public struct FrameWriter {
    /// The frames written so far.
    public private(set) var bytes: [UInt8] = []
    /// The masking key of every frame, or `nil` for unmasked (server-to-client) frames.
    public let maskingKey: [UInt8]?

    /// A writer masking with `maskingKey` (four bytes) or not at all.
    public init(maskingKey: [UInt8]?) {
        precondition(maskingKey == nil || maskingKey!.count == 4)
        self.maskingKey = maskingKey
    }

    /// Appends one frame.
    public mutating func append(_ opcode: Opcode, _ payload: ArraySlice<UInt8>, fin: Bool = true, rsv1: Bool = false) {
        bytes.append((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode.rawValue)
        let mask: UInt8 = maskingKey == nil ? 0 : 0x80
        if payload.count < 126 {
            bytes.append(mask | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes.append(mask | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(mask | 127)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: payload.count >> ($0 * 8)) }
        }
        guard let key = maskingKey else {
            bytes += payload
            return
        }
        bytes += key
        bytes += payload.enumerated().map { $0.element ^ key[$0.offset & 3] }
    }
}
