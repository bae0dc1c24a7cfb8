/// A threshold that does not parse: where (a 1-based column in the text) and what was expected there.
public struct ThresholdSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The threshold as given.
    public var text: String
    /// 1-based column of the fault.
    public var column: Int
    /// What was expected (or what is wrong) at ``column``.
    public var problem: String

    public var description: String {
        "threshold '\(text)', column \(column): \(problem)\n  \(text)\n  \(String(repeating: " ", count: max(column - 1, 0)))^"
    }
}
