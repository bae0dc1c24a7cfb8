/// The outcome of feeding a receive buffer to ``HTTPResponseParser``.
public enum HTTPResponseParseResult: Hashable, Sendable {
    /// The head is not complete yet: append more bytes and parse again.
    case incomplete
    /// The head is complete and is the first `consumed` bytes; later bytes are not part of it.
    case complete(HTTPResponseHead, consumed: Int)
    /// The head did not end within the maximum head size.
    case tooLarge
    /// The status line, a field line or a line ending is malformed.
    case malformed
}

/// Parses an HTTP/1.1 response head from a growing receive buffer: the client-side twin of
/// ``HTTPRequestParser``, with the same scanning, limits and field rules.
///
/// The status line is `HTTP/d.d SP 3DIGIT SP reason-phrase`; a missing ` reason-phrase` after the
/// code is tolerated (some servers omit it).
public struct HTTPResponseParser: Sendable {
    private var scanner: HTTPHeadScanner

    /// Creates a parser for one response.
    public init(maximumHeadSize: Int = HTTPRequestParser.defaultMaximumHeadSize) {
        scanner = HTTPHeadScanner(maximumHeadSize: maximumHeadSize)
    }

    /// Parses the bytes received so far; `buffer` must start at the response's first byte and only grow.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> HTTPResponseParseResult {
        switch scanner.scan(buffer) {
        case .incomplete:
            return .incomplete
        case .tooLarge:
            return .tooLarge
        case .malformedLineEnding:
            return .malformed
        case .complete(let headCount):
            let head = UnsafeRawBufferPointer(rebasing: buffer[0..<headCount])
            guard let (startLine, headers) = HTTPHeadLines.parse(head),
                let response = Self.parseStatusLine(head, startLine, headers: headers)
            else { return .malformed }
            return .complete(response, consumed: headCount)
        }
    }

    /// Parses `HTTP-version SP status-code [SP reason-phrase]`.
    static func parseStatusLine(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>, headers: HTTPHeaders) -> HTTPResponseHead? {
        let s = line.lowerBound
        guard line.count >= 12, let version = HTTPVersion.parse(bytes, s..<s + 8), bytes[s + 8] == HTTPSyntax.space,
            HTTPSyntax.isDigit(bytes[s + 9]), HTTPSyntax.isDigit(bytes[s + 10]), HTTPSyntax.isDigit(bytes[s + 11])
        else { return nil }
        let code = Int(bytes[s + 9] &- 48) * 100 + Int(bytes[s + 10] &- 48) * 10 + Int(bytes[s + 11] &- 48)
        var reason = s + 12..<s + 12
        if line.count > 12 {
            guard bytes[s + 12] == HTTPSyntax.space else { return nil }
            reason = s + 13..<line.upperBound
            for i in reason where !HTTPSyntax.isFieldValueByte(bytes[i]) { return nil }
        }
        return HTTPResponseHead(
            version: version, status: HTTPStatus(code: code, reasonPhrase: HTTPSyntax.string(bytes, reason)),
            headers: headers)
    }
}
