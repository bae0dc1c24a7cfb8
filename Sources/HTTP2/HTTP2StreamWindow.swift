import EpollIO

/// Per-stream receive-window bookkeeping that turns a slow reader into HTTP/2 flow control, as a
/// value (no I/O): the server's session runs with automatic WINDOW_UPDATE off, and gives a stream's
/// DATA bytes back to the peer (`nghttp2_session_consume_stream`) only while the stream's unsent
/// echoes stay under the high-water mark. A client that stops reading one stream then exhausts that
/// stream's window and stops sending on it; its other streams, and the connection window (consumed
/// at once), are unaffected.
///
/// ```
/// received(n) ─ output ≤ high → consume n now
///             └ output > high → paused: defer n (and everything after it)
/// outputShrank ─ paused and output ≤ low → consume every deferred byte, resume
/// ```
public struct HTTP2StreamWindow: Hashable, Sendable {
    /// Bytes received but not yet given back to the peer.
    public private(set) var deferredBytes = 0
    /// Whether the stream's window is being held back.
    public private(set) var isPaused = false

    public init() {}

    /// `count` DATA bytes of the stream were processed and `pendingOutput` bytes wait to be sent on it:
    /// returns how many bytes to consume (give back to the peer's window) now.
    public mutating func received(_ count: Int, pendingOutput: Int, _ marks: BackpressureWaterMarks) -> Int {
        if !isPaused && marks.shouldPauseReading(pendingBytes: pendingOutput) { isPaused = true }
        if isPaused {
            deferredBytes &+= count
            return 0
        }
        return count
    }

    /// The stream's unsent output fell to `pendingOutput`: returns how many deferred bytes to
    /// consume now (all of them once at most the low-water mark remain; otherwise none).
    public mutating func outputShrank(pendingOutput: Int, _ marks: BackpressureWaterMarks) -> Int {
        guard isPaused, marks.shouldResumeReading(pendingBytes: pendingOutput) else { return 0 }
        isPaused = false
        defer { deferredBytes = 0 }
        return deferredBytes
    }
}
