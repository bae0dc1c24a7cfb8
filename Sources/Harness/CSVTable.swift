/// A CSV file as written by the harness: a header row, then rows of plain fields (no quoting —
/// the harness never writes commas or quotes inside a field).
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String: String]]

    /// Parses CSV text.
    public init(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let names = lines.first ?? []
        header = names
        rows = lines.dropFirst().map { fields in
            var row: [String: String] = [:]
            for (name, value) in zip(names, fields) { row[name] = value }
            return row
        }
    }

    /// Reads `path`.
    public static func read(_ path: String) throws(HarnessError) -> CSVTable {
        guard let text = ProcessStatistics.readFile(path) else { throw HarnessError("cannot read \(path)") }
        return CSVTable(text: text)
    }

    /// Renders rows in `header` order.
    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
