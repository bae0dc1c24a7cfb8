import WebSocketCore

extension DeflateSession {
    /// Lets `reader` accept RSV1, permessage-deflate's "compressed" bit (RFC 7692 §6), on the first
    /// frame of a message. Call it once when the extension is negotiated; both peers do the same.
    public static func allowCompressedFrames(on reader: inout MessageReader) {
        reader.frames.rules.allowedReservedBits |= FrameHeader.rsv1
    }

    /// The application payload of a received message: inflated (under the inflated-size cap) when
    /// it arrived compressed, and then, for text, checked to be valid UTF-8 (an uncompressed text
    /// message was already checked frame by frame by the reader). The result points into the
    /// inflate buffer or into the message itself, and is valid until the next message is inflated.
    ///
    /// Throws the ``ProtocolError`` that fails the connection: a bad deflate stream (1007), a
    /// message over the cap (1009), invalid UTF-8 (1007).
    @inlinable
    public func payload(of message: Message) throws(ProtocolError) -> UnsafeRawBufferPointer {
        let payload = UnsafeRawBufferPointer(message.payload)
        guard message.isCompressed else { return payload }
        let inflated = try inflater.inflateMessage(payload)
        if message.opcode == .text {
            var validator = UTF8Validator()
            guard validator.validate(inflated), validator.finish() else { throw .invalidUTF8 }
        }
        return inflated
    }
}
