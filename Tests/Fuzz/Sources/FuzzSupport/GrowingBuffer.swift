/// Feeds a head parser the way a connection does: the bytes received so far, growing by `sizes`,
/// until it answers something other than "incomplete". Returns that answer (or the last one).
public func parseGrowing<Result>(
    _ bytes: [UInt8], sizes: [Int], isIncomplete: (Result) -> Bool,
    _ parse: (UnsafeRawBufferPointer) -> Result
) -> Result {
    withExactBuffer(bytes[...]) { buffer in
        var received = 0
        var result = parse(UnsafeRawBufferPointer(rebasing: buffer[0..<0]))
        for size in sizes where isIncomplete(result) {
            received += size
            result = parse(UnsafeRawBufferPointer(rebasing: buffer[0..<received]))
        }
        return result
    }
}

/// The offset just past the first `CR LF CR LF` in `bytes`, if any.
public func endOfFirstEmptyLine(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
        return i + 4
    }
    return nil
}
