/// A CPU list that is not numbers separated by commas (see ``CPUList``).
public struct CPUListError: Error, CustomStringConvertible, Sendable {
    /// The whole text given.
    public var text: String
    /// The part of it that is not a CPU number.
    public var field: String

    /// `"x" in "0,x" is not a CPU number; give CPU numbers separated by commas, like 0 or 0,1`.
    public var description: String {
        "\"\(field)\" in \"\(text)\" is not a CPU number; give CPU numbers separated by commas, like 0 or 0,1"
    }
}
