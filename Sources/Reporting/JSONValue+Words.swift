import BenchSupport

extension JSONValue {
    /// The value in words, as the report shows it: strings as they are, numbers as written, arrays
    /// comma-joined, objects as `key: value` pairs, null as `–`.
    public var words: String {
        switch self {
        case .null: return "–"
        case .bool(let b): return b ? "yes" : "no"
        case .number(let t): return t
        case .string(let s): return s
        case .array(let a): return a.map(\.words).joined(separator: ", ")
        case .object(let m): return m.map { "\($0.0): \($0.1.words)" }.joined(separator: "; ")
        }
    }
}
