/// High and low water marks on a connection's pending outbound bytes.
///
/// When the peer does not read, the owner stops reading from that connection once
/// its pending bytes exceed `high` (drop `.readable` from its epoll interest) and
/// resumes once a flush brings them down to `low` or below. The gap avoids toggling.
@frozen
public struct BackpressureWaterMarks: Sendable, Equatable {
    /// Stop reading above this many pending bytes.
    public var high: Int
    /// Resume reading at or below this many pending bytes.
    public var low: Int

    /// Creates water marks; `low` must not exceed `high`.
    /// The defaults (256 KiB / 64 KiB) are not measured: no run has compared other marks.
    @inlinable
    public init(high: Int = 256 * 1024, low: Int = 64 * 1024) {
        precondition(low <= high, "low water mark above high water mark")
        self.high = high
        self.low = low
    }

    /// True when a connection with `pendingBytes` outbound should stop being read.
    @inlinable
    public func shouldPauseReading(pendingBytes: Int) -> Bool { pendingBytes > high }

    /// True when a paused connection with `pendingBytes` outbound may be read again.
    @inlinable
    public func shouldResumeReading(pendingBytes: Int) -> Bool { pendingBytes <= low }
}
