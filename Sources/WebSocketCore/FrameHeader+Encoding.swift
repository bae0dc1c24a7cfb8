extension FrameHeader {
    /// Writes this header to `destination`, which must have room for ``maximumLength`` bytes.
    /// Uses the minimal length encoding. Returns the number of bytes written (2–14).
    @inlinable
    @discardableResult
    public func encode(into destination: UnsafeMutableRawPointer) -> Int {
        let length = payloadLength
        precondition(length >= 0, "negative payload length")
        destination.storeBytes(
            of: (fin ? 0x80 : 0) | (reservedBits & 0x70) | opcode.rawValue, toByteOffset: 0, as: UInt8.self)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var offset: Int
        if length < 126 {
            destination.storeBytes(of: maskBit | UInt8(truncatingIfNeeded: length), toByteOffset: 1, as: UInt8.self)
            offset = 2
        } else if length <= 0xFFFF {
            destination.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
            destination.storeBytes(of: UInt16(truncatingIfNeeded: length).bigEndian, toByteOffset: 2, as: UInt16.self)
            offset = 4
        } else {
            destination.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
            destination.storeBytes(of: UInt64(truncatingIfNeeded: length).bigEndian, toByteOffset: 2, as: UInt64.self)
            offset = 10
        }
        if let key = maskingKey {
            destination.storeBytes(of: key.packed, toByteOffset: offset, as: UInt32.self)
            offset &+= 4
        }
        return offset
    }
}
