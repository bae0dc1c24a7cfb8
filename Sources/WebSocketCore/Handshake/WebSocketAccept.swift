/// The `Sec-WebSocket-Accept` value (RFC 6455 §4.2.2 step 5.4): the Base64 encoding of the SHA-1
/// digest of the `Sec-WebSocket-Key` value followed by the fixed GUID.
public enum WebSocketAccept {
    /// The GUID every server appends to the client's key (RFC 6455 §1.3).
    public static let guid: StaticString = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The length of an accept value: Base64 of 20 bytes.
    public static var valueCount: Int { 28 }

    /// Writes the accept value for `key` (the header value's bytes, already trimmed) into
    /// `destination`, which must hold at least ``valueCount`` bytes; returns ``valueCount``.
    public static func write(forKey key: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int {
        let guidCount = guid.utf8CodeUnitCount
        let digest = withUnsafeTemporaryAllocation(byteCount: key.count + guidCount, alignment: 1) { joined in
            if let base = key.baseAddress, key.count > 0 {
                joined.baseAddress!.copyMemory(from: base, byteCount: key.count)
            }
            (joined.baseAddress! + key.count).copyMemory(from: guid.utf8Start, byteCount: guidCount)
            return SHA1.hash(UnsafeRawBufferPointer(joined))
        }
        return digest.withUnsafeBytes { Base64.encode($0, into: destination) }
    }

    /// Returns the accept value for the key `key`.
    public static func value(forKey key: String) -> String {
        var key = key
        return key.withUTF8 { utf8 in
            String(unsafeUninitializedCapacity: valueCount) { buffer in
                write(forKey: UnsafeRawBufferPointer(utf8), into: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }
}
