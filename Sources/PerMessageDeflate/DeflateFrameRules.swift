import WebSocketCore

/// Where RSV1 (the "Per-Message Compressed" bit, RFC 7692 §6) may appear, for a frame encoder and a
/// frame decoder of a connection that negotiated permessage-deflate.
public enum DeflateFrameRules {
    /// RSV1 for an outgoing frame: set only on the first frame (text or binary opcode) of a
    /// compressed message; never on continuation frames, never on control frames (which are never
    /// compressed).
    @inlinable
    public static func rsv1(opcode: Opcode, messageIsCompressed: Bool) -> Bool {
        messageIsCompressed && (opcode == .text || opcode == .binary)
    }

    /// Checks RSV1 of an incoming frame and returns whether it starts a compressed message.
    /// Throws ``ProtocolError/reservedBitsSet`` (close 1002) for RSV1 on a continuation or control
    /// frame, or on any frame when permessage-deflate was not negotiated.
    @inlinable
    public static func startsCompressedMessage(rsv1: Bool, opcode: Opcode, negotiated: Bool) throws(ProtocolError) -> Bool {
        guard rsv1 else { return false }
        guard negotiated, opcode == .text || opcode == .binary else { throw .reservedBitsSet }
        return true
    }
}
