@testable import WebSocketCore

/// The RFC 6455 §1.3 example request (with an Origin and an extension offer).
let sampleUpgradeRequest = """
    GET /chat?room=1 HTTP/1.1\r
    Host: server.example.com\r
    Upgrade: websocket\r
    Connection: Upgrade\r
    Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
    Origin: http://example.com\r
    Sec-WebSocket-Protocol: chat, superchat\r
    Sec-WebSocket-Version: 13\r
    Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
    \r

    """

/// Parses `text` in one piece with a fresh parser.
func parseRequest(_ text: String, maximumHeadSize: Int = HTTPRequestParser.defaultMaximumHeadSize) -> HTTPRequestParseResult {
    var parser = HTTPRequestParser(maximumHeadSize: maximumHeadSize)
    return Array(text.utf8).withUnsafeBytes { parser.parse($0) }
}

/// Feeds `bytes` to a fresh parser as a buffer that grows by the given chunk sizes; returns the result
/// after each step (stopping at the first result that is not `.incomplete`).
func feedRequest(_ bytes: [UInt8], chunkSizes: [Int], maximumHeadSize: Int = HTTPRequestParser.defaultMaximumHeadSize)
    -> [HTTPRequestParseResult]
{
    var parser = HTTPRequestParser(maximumHeadSize: maximumHeadSize)
    var results: [HTTPRequestParseResult] = []
    var received = 0
    for size in chunkSizes {
        received = min(bytes.count, received + size)
        let result = bytes.withUnsafeBytes { parser.parse(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
        results.append(result)
        if result != .incomplete { break }
    }
    return results
}

/// Parses a complete request head; returns `nil` if it is not `.complete`.
func requestHead(_ text: String) -> HTTPRequestHead? {
    if case .complete(let head, _) = parseRequest(text) { return head }
    return nil
}
