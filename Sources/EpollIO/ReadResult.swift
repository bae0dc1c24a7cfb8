/// The outcome of one `Socket.read`.
@frozen
public enum ReadResult: Sendable, Equatable {
    /// This many bytes (> 0) were read.
    case bytes(Int)
    /// Nothing to read now (`EAGAIN`).
    case wouldBlock
    /// The peer closed its sending side (read returned 0).
    case endOfFile
    /// `read` failed with this `errno` (e.g. `ECONNRESET`).
    case error(Int32)
}
