import BenchSupport

/// The distinct messages of one payload size for one generated content kind, built once at start-up
/// and then cycled (message *k* of connection *c* uses entry `(c + k) mod count`).
///
/// A message of `size` bytes is `{"seq":"<16-digit stamp>","d":[` followed by as many records of the
/// kind's stream as fit, the last one cut at `size` (never inside a UTF-8 character: the one to three
/// bytes a cut character leaves are spaces). The stamp's 16 bytes sit at offset 8. Each message takes
/// the next records of one continuous stream per size, so consecutive messages continue each other
/// (prices walk on, time advances) as in a real feed.
///
/// The pool is large enough that a 32 KiB deflate window with context takeover never sees a message
/// repeat: at least 256 messages and 64 KiB per size, within 8 MiB per size (so 128 messages at
/// 64 KiB, 8 at 1 MiB — still more than the window). Messages shorter than about 64 bytes hold only
/// the start of one record, so some of them may be equal.
enum ContentPool {
    /// The message prefix; the stamp replaces its zeros.
    static let prefix = Array(#"{"seq":"0000000000000000","d":["#.utf8)
    /// The least distinct content per size, and the most memory a pool may take.
    static let minimumBytes = 64 << 10, minimumMessages = 256, budgetBytes = 8 << 20

    /// Messages in the pool of `size`-byte messages.
    static func count(size: Int) -> Int {
        guard size > 0 else { return 1 }
        let wanted = max(minimumMessages, (minimumBytes + size - 1) / size)
        return min(wanted, max(4, budgetBytes / size))
    }

    /// The pool of `content` (a generated kind or `random`) for `size`, fixed by `seed`.
    static func messages(_ content: PayloadContent, size: Int, seed: UInt64, text: Bool) -> [[UInt8]] {
        let streamSeed = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(size)
        switch content {
        case .ticks: return records(TickRecords(seed: streamSeed), size: size)
        case .chat: return records(ChatRecords(seed: streamSeed), size: size)
        case .game: return records(GameRecords(seed: streamSeed), size: size)
        case .logs: return records(LogRecords(seed: streamSeed), size: size)
        case .random: return randomBytes(size: size, seed: streamSeed, text: text)
        case .json, .file: preconditionFailure("\(content) has no generated pool")
        }
    }

    /// Messages cut from one record stream; a message equal to an earlier one is replaced by the
    /// next (a few tries: tiny messages may not have enough room to differ).
    private static func records(_ stream: some ContentRecords, size: Int, tries: Int = 8) -> [[UInt8]] {
        var stream = stream
        var seen = Set<[UInt8]>()
        var pool: [[UInt8]] = []
        let count = count(size: size)
        pool.reserveCapacity(count)
        var text: [UInt8] = []
        text.reserveCapacity(size + 1024)
        while pool.count < count {
            var message: [UInt8] = []
            for _ in 0..<tries {
                text.removeAll(keepingCapacity: true)
                text += prefix
                while text.count <= size { stream.append(to: &text) }
                message = cut(text, to: size)
                if seen.insert(message).inserted { break }
            }
            pool.append(message)
        }
        return pool
    }

    /// The first `size` bytes of `text` (which is longer), ending on a UTF-8 character boundary:
    /// the bytes of a character cut in two become spaces.
    static func cut(_ text: [UInt8], to size: Int) -> [UInt8] {
        var end = size
        while end > 0 && text[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(text[0..<end]) + [UInt8](repeating: UInt8(ascii: " "), count: size - end)
    }

    /// Random bytes, or random printable ASCII for text messages.
    private static func randomBytes(size: Int, seed: UInt64, text: Bool) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        return (0..<count(size: size)).map { _ in
            (0..<size).map { _ in
                let byte = UInt8(truncatingIfNeeded: random.next() >> 24)
                return text ? 0x20 &+ byte % 95 : byte
            }
        }
    }
}
