/// A seeded stream of records of one realistic content kind (ticks, chat, game, logs), each a JSON
/// object followed by a comma. Successive records continue the stream's state (prices walk,
/// entities move, time advances), as consecutive messages of a real stream do.
protocol ContentRecords {
    /// A stream whose records are fixed by `seed`.
    init(seed: UInt64)
    /// Appends the next record (UTF-8 JSON and a trailing comma) to `text`.
    mutating func append(to text: inout [UInt8])
}
