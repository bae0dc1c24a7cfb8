/// One header field line: its name as received and its value without surrounding whitespace.
public struct HTTPHeaderField: Hashable, Sendable {
    /// The field name, with the case the peer used.
    public var name: String
    /// The field value, trimmed of leading and trailing `SP`/`HTAB`, decoded as UTF-8
    /// (invalid sequences replaced by U+FFFD).
    public var value: String

    /// Creates a field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
