/// The durations a ``ServerConnectionLifecycle`` counts, in milliseconds, taken once from the
/// ``ServerConfiguration`` by each loop and passed to every lifecycle event that sets a deadline
/// (so that no connection stores them).
struct ConnectionTimeouts {
    /// The request head must have arrived this long after the accept.
    var handshake: Int64
    /// A queued final answer must have drained, and the peer gone, this long after it was queued.
    var close: Int64
    /// Ping a connection this quiet (0 = never).
    var keepAlive: Int64
    /// Close (1001) a connection this quiet (0 = never).
    var idle: Int64

    init(handshake: Int64, close: Int64, keepAlive: Int64, idle: Int64) {
        self.handshake = handshake
        self.close = close
        self.keepAlive = keepAlive
        self.idle = idle
    }

    init(_ configuration: ServerConfiguration) {
        self.init(
            handshake: configuration.handshakeTimeoutMilliseconds, close: configuration.closeTimeoutMilliseconds,
            keepAlive: configuration.keepAliveMilliseconds, idle: configuration.effectiveIdleTimeoutMilliseconds)
    }
}
