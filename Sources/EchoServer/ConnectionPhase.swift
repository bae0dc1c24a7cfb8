/// Where a server connection is in its life (see ``ServerConnectionLifecycle``).
enum ConnectionPhase: UInt8 {
    /// The slot is unused.
    case free
    /// TLS connections only: the TLS handshake is under way (before any HTTP), under the same
    /// handshake timeout as the request head that follows it.
    case tlsHandshaking
    /// Waiting for the HTTP request head.
    case handshaking
    /// Upgraded: echoing messages.
    case open
    /// We sent a close frame (or answered one, and shut down our sending side) and wait for the
    /// peer's close frame or end of stream, up to the close timeout. Data is no longer echoed.
    case closing
    /// A final answer (close frame or HTTP response) is queued: once it has drained, shut down the
    /// sending side and move to `closing`, so that the peer reads the answer before the socket goes.
    /// If it has not drained by the close timeout (a peer that does not read), the socket goes anyway.
    case closeAfterFlush
}
