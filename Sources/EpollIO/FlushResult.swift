/// The outcome of writing through an `OutboundBuffer`.
@frozen
public enum FlushResult: Sendable, Equatable {
    /// Everything was written; nothing is pending (stop watching `.writable`).
    case drained
    /// Bytes remain pending: watch the fd for `.writable` and call `flush` then.
    case pending
    /// The write failed with this `errno` (e.g. `EPIPE`, `ECONNRESET`): close the connection.
    case error(Int32)
}
