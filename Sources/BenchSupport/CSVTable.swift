/// A CSV file as the tools write it: a header row, then rows of plain fields (no quoting — the
/// fields written through it never hold commas or quotes).
public struct CSVTable: Sendable {
    /// The column names, in file order.
    public var header: [String]
    /// The data rows, each as field values by column name.
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

    /// Reads and parses the file at `path`.
    public static func read(_ path: String) throws(FileSystemError) -> CSVTable {
        CSVTable(text: try FileSystem.read(path))
    }

    /// The CSV text of `rows` under `header` (fields in header order), each line ending in a newline.
    public static func render(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
