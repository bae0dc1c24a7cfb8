/// An HTTP request to the dashboard, parsed from the bytes read so far (no I/O here).
public enum DashboardRequest: Sendable, Equatable {
    /// The head is not complete yet: read more.
    case incomplete
    /// `GET` of a path; `since` is the `?since=N` of `/data.json` (0 when absent).
    case get(path: String, since: Int)
    /// Another method: 405.
    case methodNotAllowed
    /// Not HTTP, or a head over the size limit: 400.
    case bad

    /// Largest request head accepted.
    public static let limit = 8192

    /// Parses the request head in `bytes`.
    public static func parse(_ bytes: [UInt8]) -> DashboardRequest {
        guard let end = headEnd(bytes) else { return bytes.count > limit ? .bad : .incomplete }
        guard end <= limit else { return .bad }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        let requestLine = head.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].hasPrefix("/") else { return .bad }
        guard parts[0] == "GET" || parts[0] == "HEAD" else { return .methodNotAllowed }
        let target = parts[1]
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
        var since = 0
        if let query = target.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") where pair.hasPrefix("since=") {
                since = max(Int(pair.dropFirst(6)) ?? 0, 0)
            }
        }
        return .get(path: path, since: since)
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// The response to the request: status line, headers and body (`Connection: close`).
    public func response(feed: DashboardFeed) -> [UInt8] {
        func reply(_ status: String, _ type: String, _ body: String) -> [UInt8] {
            let bytes = Array(body.utf8)
            return Array("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n".utf8) + bytes
        }
        switch self {
        case .incomplete, .bad: return reply("400 Bad Request", "text/plain", "bad request\n")
        case .methodNotAllowed: return reply("405 Method Not Allowed", "text/plain", "GET only\n")
        case .get(let path, let since):
            switch path {
            case "/", "/index.html": return reply("200 OK", "text/html; charset=utf-8", DashboardPage.html)
            case "/data.json": return reply("200 OK", "application/json", feed.json(since: since))
            default: return reply("404 Not Found", "text/plain", "not found: / or /data.json\n")
            }
        }
    }
}
