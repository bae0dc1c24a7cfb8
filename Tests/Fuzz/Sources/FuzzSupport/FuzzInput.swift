/// One fuzzer input, read front to back: a few configuration bytes, then the rest as the data under
/// test. Reading past the end yields zeros, so every input (even an empty one) is usable.
public struct FuzzInput {
    /// The whole input.
    public let bytes: UnsafeRawBufferPointer
    /// The number of bytes taken so far.
    public private(set) var position = 0

    /// Wraps the bytes libFuzzer passes to `LLVMFuzzerTestOneInput`.
    public init(_ start: UnsafeRawPointer, _ count: Int) {
        bytes = UnsafeRawBufferPointer(start: start, count: count)
    }

    /// The next byte, or 0 past the end.
    public mutating func takeByte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// Everything not taken yet.
    public mutating func takeRest() -> [UInt8] {
        guard position < bytes.count else { return [] }
        defer { position = bytes.count }
        return Array(bytes[position...])
    }
}
