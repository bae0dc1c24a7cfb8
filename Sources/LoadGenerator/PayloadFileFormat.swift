/// How a payload file (`--payload-file`) lays out its messages.
public enum PayloadFileFormat: String, Sendable, Equatable {
    /// JSON Lines: one text message per line (`\n`, or `\r\n`), sent as text frames as it is
    /// (not parsed as JSON); the file's final newline is optional. Extensions `.jsonl`, `.ndjson`.
    case jsonLines = "jsonl"
    /// Length-prefixed binary: each message is a 4-byte big-endian length followed by that many
    /// bytes, back to back to the end of the file; sent as binary frames. Extension `.bin`.
    case lengthPrefixed = "binary"

    /// The format a file's extension names, if any.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "jsonl", "ndjson": self = .jsonLines
        case "bin": self = .lengthPrefixed
        default: return nil
        }
    }
}
