/// The outcome of one `ReceiveBuffer.read`.
@frozen
public enum ReceiveResult {
    /// The connection's parked bytes followed by the newly read bytes, in the shared
    /// receive buffer: valid (and writable, e.g. to unmask in place) until the next read.
    case received(UnsafeMutableRawBufferPointer)
    /// Nothing new to read (`EAGAIN`); parked bytes stay parked.
    case wouldBlock
    /// The peer closed its sending side; parked bytes stay parked (release them on close).
    case endOfFile
    /// `read` failed with this `errno`.
    case error(Int32)
}
