/// The outcome of one `Socket.accept`.
@frozen
public enum AcceptResult: Sendable, Equatable {
    /// A new connection: a non-blocking, close-on-exec fd.
    case accepted(Int32)
    /// No pending connection is left: stop accepting until the listener is readable again.
    case wouldBlock
    /// `accept4` failed with this `errno` (e.g. `EMFILE` when out of descriptors).
    case error(Int32)
}
