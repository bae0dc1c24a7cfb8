/// The header fields of a request or response head, in order. Look-ups ignore the case of names.
public struct HTTPHeaders: Hashable, Sendable {
    /// The field lines in the order they were received.
    public var fields: [HTTPHeaderField]

    /// Creates a header block from fields.
    public init(_ fields: [HTTPHeaderField] = []) {
        self.fields = fields
    }

    /// The value of the first field named `name`, if any.
    public func first(_ name: String) -> String? {
        fields.first { HTTPSyntax.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The values of all fields named `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPSyntax.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// The number of field lines named `name`.
    public func count(of name: String) -> Int {
        fields.reduce(0) { $0 + (HTTPSyntax.equalsIgnoringCase($1.name, name) ? 1 : 0) }
    }

    /// All values of fields named `name` joined with `", "` (RFC 9110 §5.3), or `nil` if there are none.
    public func combinedValue(_ name: String) -> String? {
        let all = values(name)
        return all.isEmpty ? nil : all.joined(separator: ", ")
    }

    /// Whether any field named `name` lists `token` (comma-separated, ignoring ASCII case).
    public func containsToken(_ token: String, in name: String) -> Bool {
        fields.contains { HTTPSyntax.equalsIgnoringCase($0.name, name) && HTTPTokenList.contains(token, in: $0.value) }
    }
}
