/// The outcome of starting a non-blocking `Socket.connect`.
@frozen
public enum ConnectResult: Sendable, Equatable {
    /// Connected at once (possible on loopback).
    case connected(Int32)
    /// `EINPROGRESS`: wait for `.writable` on the fd, then call `Socket.finishConnect`.
    case inProgress(Int32)

    /// True when the connect completed at once.
    @inlinable
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    /// The socket, whichever the case.
    @inlinable
    public var fileDescriptor: Int32 {
        switch self {
        case .connected(let fd), .inProgress(let fd): return fd
        }
    }
}
