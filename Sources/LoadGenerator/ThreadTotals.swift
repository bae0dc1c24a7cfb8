import Histogram

/// What one thread gathers for the end of the run and its report intervals: the latency total
/// (``LoadLoop`` records into its interval histogram and folds it in here at each report), connect,
/// TLS and (upgrade) handshake times, negotiated extensions and subprotocols, stalled connections, and when the last
/// one opened.
struct ThreadTotals {
    var latency = LatencyHistogram.makeLatency()
    /// Open loop: the send lags (actual − intended send time) of the measured messages sent.
    var sendLag = LatencyHistogram.makeLatency()
    var connect = LatencyHistogram.makeLatency()
    /// `wss://`: TLS handshake times (connected to the handshake complete).
    var tls = LatencyHistogram.makeLatency()
    var handshake = LatencyHistogram.makeLatency()
    /// Connections per `Sec-WebSocket-Extensions` answer ("" for none).
    var negotiated: [String: Int] = [:]
    /// Connections per subprotocol the server chose ("" for none).
    var subprotocols: [String: Int] = [:]
    /// Connections found stalled at the end (told in one note for the whole run).
    var stall = SendStall()
    /// When the latest connection completed its handshake (0: none did).
    var lastOpenedAt: Int64 = 0
    /// The report interval in progress, and when it ends.
    var reportIndex = 0
    var nextReportAt: Int64

    init(firstReportAt: Int64) {
        nextReportAt = firstReportAt
    }

    /// What the thread hands over when it ends.
    func result(counters: LoadCounters, finishedAt: Int64) -> LoadShared.ThreadResult {
        LoadShared.ThreadResult(
            counters: counters, latency: latency, sendLag: sendLag, connect: connect, tls: tls, handshake: handshake,
            negotiatedExtensions: negotiated, negotiatedSubprotocols: subprotocols, stall: stall, finishedAt: finishedAt,
            lastOpenedAt: lastOpenedAt)
    }
}
