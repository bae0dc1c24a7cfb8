/// A payload file that cannot be replayed, with where and why: its ``description`` is the message
/// the tool prints, e.g. `payload file msgs.jsonl, line 3: 9 bytes, shorter than the 16-byte stamp`.
public struct PayloadFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file.
    public var path: String
    /// Where in it: `line 3`, `offset 1024`, or empty for the whole file.
    public var location: String
    /// What is wrong.
    public var reason: String

    /// An error at `location` of `path`.
    public init(path: String, location: String = "", reason: String) {
        self.path = path
        self.location = location
        self.reason = reason
    }

    /// `payload file PATH, LOCATION: REASON`.
    public var description: String {
        "payload file \(path)\(location.isEmpty ? "" : ", " + location): \(reason)"
    }
}
