/// The outcome of one `Socket.write`/`writev`.
@frozen
public enum WriteResult: Sendable, Equatable {
    /// This many bytes were taken by the kernel (possibly fewer than offered).
    case written(Int)
    /// The send buffer is full (`EAGAIN`): nothing was written.
    case wouldBlock
    /// The write failed with this `errno` (e.g. `EPIPE`, `ECONNRESET`).
    case error(Int32)
}
