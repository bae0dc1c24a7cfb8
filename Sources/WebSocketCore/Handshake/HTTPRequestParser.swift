/// The outcome of feeding a receive buffer to ``HTTPRequestParser``.
public enum HTTPRequestParseResult: Hashable, Sendable {
    /// The head is not complete yet: read more bytes, append them, and parse again.
    case incomplete
    /// The head is complete. The first `consumed` bytes of the buffer are the head; any bytes
    /// after them belong to what follows (for a WebSocket client, nothing until the 101).
    case complete(HTTPRequestHead, consumed: Int)
    /// The request is invalid: answer with `status` (400 or 431) and close the connection.
    case failed(HTTPStatus)
}

/// Parses an HTTP/1.1 request head out of a receive buffer that may hold only part of it.
///
/// Call ``parse(_:)`` with the connection's accumulated bytes each time more arrive (the buffer
/// must start at the request's first byte and only grow). Scanning resumes where it stopped, so
/// feeding a long head byte by byte is linear. A head larger than ``maximumHeadSize`` fails with
/// 431 as soon as that many bytes have arrived without its end. Line endings and field syntax are
/// as documented on ``HTTPHeadScanner`` and ``HTTPHeadLines`` (strict `CRLF`; bare `LF`, bare `CR`
/// and obs-fold are 400). The request line must be `method SP request-target SP HTTP/d.d` with
/// single spaces, a token method and a visible-ASCII target; anything else is 400.
public struct HTTPRequestParser: Sendable {
    /// The default maximum head size: 8 KiB.
    public static let defaultMaximumHeadSize = 8192

    /// The largest accepted head, including the final empty line.
    public var maximumHeadSize: Int { scanner.maximumHeadSize }

    private var scanner: HTTPHeadScanner

    /// Creates a parser for one request.
    public init(maximumHeadSize: Int = HTTPRequestParser.defaultMaximumHeadSize) {
        scanner = HTTPHeadScanner(maximumHeadSize: maximumHeadSize)
    }

    /// Parses the bytes received so far (see the type's documentation).
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> HTTPRequestParseResult {
        switch scanner.scan(buffer) {
        case .incomplete:
            return .incomplete
        case .tooLarge:
            return .failed(.requestHeaderFieldsTooLarge)
        case .malformedLineEnding:
            return .failed(.badRequest)
        case .complete(let headCount):
            let head = UnsafeRawBufferPointer(rebasing: buffer[0..<headCount])
            guard let (startLine, headers) = HTTPHeadLines.parse(head),
                let request = Self.parseRequestLine(head, startLine, headers: headers)
            else { return .failed(.badRequest) }
            return .complete(request, consumed: headCount)
        }
    }

    /// Parses `method SP request-target SP HTTP-version`.
    static func parseRequestLine(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>, headers: HTTPHeaders) -> HTTPRequestHead? {
        var i = line.lowerBound
        while i < line.upperBound, HTTPSyntax.isTokenCharacter(bytes[i]) { i += 1 }
        let method = line.lowerBound..<i
        guard !method.isEmpty, i < line.upperBound, bytes[i] == HTTPSyntax.space else { return nil }
        i += 1
        let targetStart = i
        while i < line.upperBound, HTTPSyntax.isTargetByte(bytes[i]) { i += 1 }
        let target = targetStart..<i
        guard !target.isEmpty, i < line.upperBound, bytes[i] == HTTPSyntax.space,
            let version = HTTPVersion.parse(bytes, i + 1..<line.upperBound)
        else { return nil }
        return HTTPRequestHead(
            method: HTTPSyntax.string(bytes, method), target: HTTPSyntax.string(bytes, target),
            version: version, headers: headers)
    }
}
