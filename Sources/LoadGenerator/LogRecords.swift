import BenchSupport

/// Log records, imitating structured (JSON) service logs streamed to a log tail or observability
/// pipeline: ISO-8601 timestamps, levels (mostly INFO), service and host names, hex request and
/// trace ids, HTTP methods, paths with ids, status codes, latencies with a long tail, and messages.
///
/// `{"ts":"2025-12-01T11:40:34.123Z","level":"INFO","svc":"checkout","host":"checkout-7f9c-2","req":"9f8e7d6c5b4a3921","method":"GET","path":"/api/v1/orders/48213","status":200,"ms":12.7,"msg":"request completed"},`
struct LogRecords: ContentRecords {
    static let levels = ["INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR"]
    static let services = [
        "api-gateway", "checkout", "payments", "search", "auth", "inventory", "notifications", "users", "cart", "recommendations",
    ]
    static let methods = ["GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"]
    static let paths = [
        "/api/v1/orders/{}", "/api/v1/users/{}", "/api/v1/products/{}", "/api/v1/cart", "/api/v1/search", "/healthz",
        "/api/v2/payments/{}/capture", "/api/v1/sessions", "/metrics", "/api/v1/users/{}/preferences", "/api/v1/inventory/{}",
    ]
    static let statuses = [200, 200, 200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 404, 429, 500, 503]
    static let messages = [
        "request completed", "request completed", "request completed", "cache miss", "cache hit", "upstream timeout",
        "retrying request", "token refreshed", "rate limit exceeded", "slow query", "connection reset by peer",
        "validation failed: missing field", "payment authorized", "order created",
    ]

    private var random: SplitMix64
    private let serviceRanks: ZipfSampler
    private let pathRanks: ZipfSampler
    private var milliseconds: Int

    init(seed: UInt64) {
        random = SplitMix64(seed: seed ^ 0x6C6F_6773)
        serviceRanks = ZipfSampler(count: Self.services.count)
        pathRanks = ZipfSampler(count: Self.paths.count)
        milliseconds = Int.random(in: 0..<3_600_000, using: &random)
    }

    mutating func append(to text: inout [UInt8]) {
        milliseconds += Int.random(in: 0...40, using: &random)
        let ms = milliseconds % 1000
        let s = milliseconds / 1000 % 60
        let m = milliseconds / 60_000 % 60
        let h = 11 + milliseconds / 3_600_000 % 12
        let serviceIndex = serviceRanks.next(&random)
        let service = Self.services[serviceIndex]
        let path = Self.paths[pathRanks.next(&random)].replacing("{}", with: String(Int.random(in: 1...99_999, using: &random)))
        let tail = Int.random(in: 0..<20, using: &random) == 0
        let latency = tail ? Int.random(in: 1_000...250_000, using: &random) : Int.random(in: 3...4_000, using: &random)
        let record =
            #"{"ts":"2025-12-01T\#(ContentText.twoDigits(h)):\#(ContentText.twoDigits(m)):\#(ContentText.twoDigits(s)).\#(ms < 100 ? (ms < 10 ? "00" : "0") : "")\#(ms)Z","#
            + #""level":"\#(Self.levels[Int.random(in: 0..<Self.levels.count, using: &random)])","svc":"\#(service)","#
            + #""host":"\#(service)-\#(ContentText.hex(UInt64(serviceIndex) &* 0x9E37_79B9, digits: 4))-\#(Int.random(in: 0...5, using: &random))","#
            + #""req":"\#(ContentText.hex(random.next(), digits: 16))","method":"\#(Self.methods[Int.random(in: 0..<Self.methods.count, using: &random)])","#
            + #""path":"\#(path)","status":\#(Self.statuses[Int.random(in: 0..<Self.statuses.count, using: &random)]),"#
            + #""ms":\#(ContentText.decimal(latency, places: 1)),"msg":"\#(Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)])"},"#
        text += record.utf8
    }
}
