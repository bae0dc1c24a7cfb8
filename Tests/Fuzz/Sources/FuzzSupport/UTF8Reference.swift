/// What the standard library says about UTF-8, for differential checks against `UTF8Validator`.
public enum UTF8Reference {
    /// Whether `bytes` are well-formed UTF-8, according to `String(validating:as:)`.
    public static func isValid<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        String(validating: bytes, as: UTF8.self) != nil
    }

    /// The offset of the first byte that cannot start or continue a well-formed sequence, in
    /// `UTF8Validator`'s convention: for a sequence cut off by the end of the input, the end; `nil`
    /// when `bytes` are valid. Found with the standard library's `Unicode.UTF8.ForwardParser`, whose
    /// errors cover the maximal ill-formed subpart (Unicode §3.9): an invalid lead byte is itself the
    /// first bad byte, otherwise the byte after the subpart is.
    public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                position += scalar.count
            case .emptyInput:
                return nil
            case .error(let length):
                return (0xC2...0xF4).contains(bytes[position]) ? position + length : position
            }
        }
    }

    /// Whether `bytes` can still be continued into valid UTF-8: valid, or valid up to a sequence
    /// that the end of `bytes` cuts off.
    public static func isValidPrefix(_ bytes: [UInt8]) -> Bool {
        let offset = firstInvalidOffset(bytes)
        return offset == nil || offset == bytes.count
    }
}
