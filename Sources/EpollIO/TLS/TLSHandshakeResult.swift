/// The outcome of one step of a TLS handshake (`SSL_do_handshake` on a non-blocking socket):
/// either it is over (completed or failed), or it waits for the socket to become readable or
/// writable, which the event loop turns into its epoll interest (``awaitedEvents``).
public enum TLSHandshakeResult: Sendable, Equatable {
    /// The handshake completed: application data may flow.
    case complete
    /// OpenSSL needs more bytes from the peer (`SSL_ERROR_WANT_READ`): step again when readable.
    case wantsReadable
    /// OpenSSL could not write its flight (`SSL_ERROR_WANT_WRITE`): step again when writable.
    case wantsWritable
    /// Server side: the peer's first byte is not a TLS handshake record (0x16) — a plaintext HTTP
    /// client on the TLS port. Nothing has been consumed: the bytes can be read as plain TCP.
    case notTLS
    /// The peer closed the connection before the handshake completed.
    case endOfStream
    /// The handshake failed: an alert (e.g. a protocol version the other side refuses), a
    /// certificate that does not verify, a malformed message. The reason is OpenSSL's.
    case failed(String)

    /// The readiness to wait for before the next step; nil when the handshake is over.
    public var awaitedEvents: EpollEvents? {
        switch self {
        case .wantsReadable: return .readable
        case .wantsWritable: return .writable
        case .complete, .notTLS, .endOfStream, .failed: return nil
        }
    }
}
