import BenchSupport
import PerMessageDeflate
import WebSocketCore

/// Compresses `payload` and copies the result out of the deflater's buffer.
func compressed(_ deflater: MessageDeflater, _ payload: [UInt8]) -> [UInt8] {
    payload.withUnsafeBytes { Array(deflater.compress($0)) }
}

/// Inflates a message given as frame payload chunks and copies the result out.
func inflated(_ inflater: MessageInflater, _ chunks: [[UInt8]]) throws -> [UInt8] {
    for chunk in chunks {
        try chunk.withUnsafeBytes { try inflater.append($0) }
    }
    return Array(try inflater.finish())
}

/// A payload mixing JSON-like text, repeats and random bytes, so ratios vary.
func mixedPayload(count: Int, using rng: inout SplitMix64) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    let words: [[UInt8]] = ["{\"id\":", "\"name\":\"", "\"value\":", "true", "null", "},", "[1,2,3]"].map { Array($0.utf8) }
    while bytes.count < count {
        switch rng.next() % 4 {
        case 0: bytes.append(contentsOf: words[Int(rng.next() % UInt64(words.count))])
        case 1: bytes.append(UInt8(truncatingIfNeeded: rng.next()))
        case 2:
            if bytes.count > 8 {
                let start = Int(rng.next() % UInt64(bytes.count - 4))
                let repeated = Array(bytes[start..<min(bytes.count, start + 4 + Int(rng.next() % 40))])
                bytes.append(contentsOf: repeated)
            }
        default: bytes.append(contentsOf: String(rng.next() % 100_000).utf8)
        }
    }
    return Array(bytes.prefix(count))
}

/// Splits `bytes` into random chunks (some empty) like frame payloads of a fragmented message.
func randomChunks(_ bytes: [UInt8], using rng: inout SplitMix64) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var index = 0
    while index < bytes.count {
        let length = min(bytes.count - index, Int(rng.next() % 700))
        chunks.append(Array(bytes[index..<index + length]))
        index += length
    }
    return chunks
}
