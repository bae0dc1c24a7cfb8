/// Finds the end of an HTTP/1.1 message head (the empty line after the header fields) in a
/// receive buffer that grows between calls, without rescanning bytes it has already examined.
///
/// Line endings: only `CRLF` ends a line. A bare `LF`, or a `CR` not followed by `LF`, fails the
/// scan at once (RFC 9112 §2.2 allows either leniency or rejection; rejecting is simpler and
/// never leaves the peer waiting for a `CRLFCRLF` that will not come). Leading empty lines before
/// the start line are not skipped: the start line is then empty, which the parsers reject.
struct HTTPHeadScanner: Sendable {
    /// The outcome of one ``scan(_:)``.
    enum Outcome: Equatable, Sendable {
        /// No complete head yet; call again with the same bytes followed by more.
        case incomplete
        /// The head (start line, field lines and the empty line) is `headCount` bytes long.
        case complete(headCount: Int)
        /// The head cannot end within ``maximumHeadSize`` bytes.
        case tooLarge
        /// A bare `LF` or bare `CR`.
        case malformedLineEnding
    }

    /// The largest head accepted, counting the final empty line's `CRLF`.
    let maximumHeadSize: Int
    /// The first byte not yet examined.
    private var position = 0
    /// The offset of the first byte of the current line.
    private var lineStart = 0

    init(maximumHeadSize: Int) {
        precondition(maximumHeadSize >= 4, "maximumHeadSize must be at least 4")
        self.maximumHeadSize = maximumHeadSize
    }

    /// Scans `buffer`, which must begin with the same bytes as on the previous call (a buffer
    /// that only grew). Examines each byte once across all calls.
    mutating func scan(_ buffer: UnsafeRawBufferPointer) -> Outcome {
        precondition(buffer.count >= position, "HTTPHeadScanner: the buffer shrank between calls")
        let end = min(buffer.count, maximumHeadSize)
        var i = position
        while i < end {
            let byte = buffer[i]
            if byte == HTTPSyntax.cr {
                if i + 1 >= end { break }
                guard buffer[i + 1] == HTTPSyntax.lf else { return .malformedLineEnding }
                if i == lineStart { return .complete(headCount: i + 2) }
                i += 2
                lineStart = i
            } else if byte == HTTPSyntax.lf {
                return .malformedLineEnding
            } else {
                i += 1
            }
        }
        position = i
        return end == maximumHeadSize ? .tooLarge : .incomplete
    }
}
