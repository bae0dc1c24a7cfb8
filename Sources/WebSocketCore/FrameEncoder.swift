/// Writes whole frames (header + payload) into a caller's buffer: control frames, and client frames
/// masked while copied.
public enum FrameEncoder {
    /// The bytes a frame with `payloadLength` bytes of payload takes.
    @inlinable
    public static func frameLength(payloadLength: Int, masked: Bool) -> Int {
        FrameHeader.encodedLength(payloadLength: payloadLength, masked: masked) &+ payloadLength
    }

    /// Writes `header` followed by `payload` (masked with the header's key if it has one) to
    /// `destination`, which needs ``frameLength(payloadLength:masked:)`` bytes. `header.payloadLength`
    /// is set from `payload`. Returns the bytes written.
    @inlinable
    @discardableResult
    public static func encode(
        _ header: FrameHeader, payload: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer
    ) -> Int {
        var header = header
        header.payloadLength = payload.count
        let headerLength = header.encode(into: destination)
        if let key = header.maskingKey {
            Masking.copy(payload, to: destination + headerLength, key: key)
        } else if let source = payload.baseAddress, payload.count > 0 {
            (destination + headerLength).copyMemory(from: source, byteCount: payload.count)
        }
        return headerLength &+ payload.count
    }

    /// Writes a close frame for `close` (masked with `maskingKey` on the client side) and returns its
    /// length. `destination` needs 129 bytes.
    @discardableResult
    public static func encodeClose(
        _ close: CloseFrame, maskingKey: MaskingKey?, into destination: UnsafeMutableRawPointer
    ) -> Int {
        let header = FrameHeader(opcode: .close, maskingKey: maskingKey, payloadLength: close.encodedPayloadLength)
        let headerLength = header.encode(into: destination)
        let payloadLength = close.encodePayload(into: destination + headerLength)
        if let key = maskingKey {
            Masking.apply(key, to: UnsafeMutableRawBufferPointer(start: destination + headerLength, count: payloadLength))
        }
        return headerLength &+ payloadLength
    }
}
