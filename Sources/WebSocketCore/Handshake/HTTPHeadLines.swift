/// Splits a complete message head (as delimited by ``HTTPHeadScanner``, so every line ends in
/// `CRLF`) into its start line and validated header fields.
///
/// Field lines (RFC 9112 §5): `name ":" OWS value OWS` with `name` a token. Rejected (`nil`):
/// a line without a colon, an empty name, whitespace or any other non-token byte before the colon
/// (RFC 9112 §5.1 requires 400), control characters other than `HTAB` in the value, and obs-fold
/// (a line starting with `SP`/`HTAB`, which RFC 9112 §5.2 allows rejecting with 400).
enum HTTPHeadLines {
    /// The start line's byte range and the parsed fields, or `nil` if a field line is malformed.
    static func parse(_ head: UnsafeRawBufferPointer) -> (startLine: Range<Int>, headers: HTTPHeaders)? {
        var fields: [HTTPHeaderField] = []
        var lineStart = 0
        var startLine: Range<Int>? = nil
        var i = 0
        while i < head.count {
            guard head[i] == HTTPSyntax.cr else {
                i += 1
                continue
            }
            let line = lineStart..<i
            i += 2
            lineStart = i
            if startLine == nil {
                startLine = line
            } else if !line.isEmpty {
                guard let field = parseField(head, line) else { return nil }
                fields.append(field)
            }
        }
        guard let startLine else { return nil }
        return (startLine, HTTPHeaders(fields))
    }

    /// Parses one field line.
    static func parseField(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> HTTPHeaderField? {
        var colon = line.lowerBound
        while colon < line.upperBound, bytes[colon] != HTTPSyntax.colon {
            guard HTTPSyntax.isTokenCharacter(bytes[colon]) else { return nil }
            colon += 1
        }
        guard colon < line.upperBound, colon > line.lowerBound else { return nil }
        let value = HTTPSyntax.trimmed(bytes, colon + 1..<line.upperBound)
        for j in value where !HTTPSyntax.isFieldValueByte(bytes[j]) { return nil }
        return HTTPHeaderField(
            name: HTTPSyntax.string(bytes, line.lowerBound..<colon), value: HTTPSyntax.string(bytes, value))
    }
}
