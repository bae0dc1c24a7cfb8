/// What message payloads contain.
public enum PayloadContent: String, Sendable, Equatable {
    /// JSON-like text (repeated keys, numbers, words): compresses the way real messages do.
    case json
    /// Random bytes (random printable ASCII for text messages): does not compress.
    case random
}
