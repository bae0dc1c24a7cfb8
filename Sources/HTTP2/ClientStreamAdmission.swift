/// Whether one more extended CONNECT may open on a client connection, as a value with no I/O: the
/// server's `SETTINGS_MAX_CONCURRENT_STREAMS` (nghttp2 would queue a request beyond it silently, so
/// its WebSocket would wait out the handshake timeout) and its GOAWAY (no new streams after it).
/// The owner counts each admitted stream until it finishes (``streamFinished()``).
public struct ClientStreamAdmission: Equatable, Sendable {
    /// What to do with a stream about to open.
    public enum Decision: Equatable, Sendable {
        /// Submit it.
        case open
        /// The server allows only `allowed` concurrent streams, all taken.
        case overLimit(allowed: UInt32)
        /// The server sent this GOAWAY: no new streams on the connection.
        case goingAway(ClientGoAway)
    }

    /// The server's `SETTINGS_MAX_CONCURRENT_STREAMS` (unlimited until it says otherwise).
    public private(set) var limit = UInt32.max
    /// Streams admitted and not finished.
    public private(set) var openStreams = 0
    /// The GOAWAY the server sent, if any (no stream opens after it).
    public private(set) var goAway: ClientGoAway? = nil

    public init() {}

    /// The server's SETTINGS (first or later) carry this limit (`UInt32.max` when it sets none).
    public mutating func settingsReceived(maximumConcurrentStreams: UInt32) {
        limit = maximumConcurrentStreams
    }

    /// One stream wants to open: admitted (and counted) or refused.
    public mutating func request() -> Decision {
        if let goAway { return .goingAway(goAway) }
        guard UInt64(openStreams) < UInt64(limit) else { return .overLimit(allowed: limit) }
        openStreams += 1
        return .open
    }

    /// An admitted stream finished (ended, reset, or failed).
    public mutating func streamFinished() {
        if openStreams > 0 { openStreams -= 1 }
    }

    /// After a later SETTINGS lowered the limit: of `queued` admitted streams whose HEADERS are still
    /// waiting in the session (the others went out and stay open), how many may still go. The rest
    /// would wait for a slot that a WebSocket run does not free: the owner fails them.
    public func queuedAllowed(queued: Int) -> Int {
        let sent = openStreams - queued
        return max(0, min(queued, Int(min(limit, UInt32(Int32.max))) - sent))
    }

    /// GOAWAY arrived: no stream opens from now on.
    public mutating func goAwayReceived(_ frame: ClientGoAway) {
        goAway = frame
    }
}
