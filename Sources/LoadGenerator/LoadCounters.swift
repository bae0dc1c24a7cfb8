/// What one load thread counted; threads' counters are summed for progress lines and results.
public struct LoadCounters: Sendable, Equatable {
    /// Connections attempted (`connect` called).
    public var connectionsAttempted = 0
    /// Connections whose handshake completed.
    public var connectionsOpened = 0
    /// Connections currently open (upgraded and not yet closed).
    public var connectionsOpen = 0
    /// Connections that ended (any way).
    public var connectionsClosed = 0
    /// Messages sent, warm-up included.
    public var messagesSent = 0
    /// Echoes (or, with `--reply any`, replies) received and checked, warm-up included.
    public var messagesReceived = 0
    /// Messages sent after the warm-up.
    public var measuredMessagesSent = 0
    /// Echoes of messages sent after the warm-up (each has a latency sample).
    public var measuredMessagesReceived = 0
    /// `--reply any`: messages the server sent while no request was waiting for an answer (it spoke
    /// first, or answered a request more than once). Not timed, not an error.
    public var unsolicitedMessages = 0
    /// Payload bytes of ``measuredMessagesReceived`` (uncompressed; with `--reply any`, of the replies).
    public var measuredPayloadBytes = 0
    /// Bytes written to sockets (frames, handshakes), warm-up included.
    public var bytesWritten = 0
    /// Bytes read from sockets (frames, handshake responses), warm-up included.
    public var bytesRead = 0
    /// The most bytes one connection held unsent (written by the load generator, not yet taken by
    /// its socket) at any moment: bounded by the in-flight count or open-loop window times the frame size.
    public var maximumUnsentBytes = 0
    /// `wss://`: TLS handshakes completed.
    public var tlsHandshakes = 0
    /// `wss://`: of ``tlsHandshakes``, those that resumed an earlier connection's session (a TLS 1.3
    /// ticket) instead of a full handshake.
    public var tlsResumed = 0
    /// Errors by ``LoadErrorKind`` raw value.
    public var errors = [Int](repeating: 0, count: LoadErrorKind.allCases.count)

    /// All zero.
    public init() {}

    /// Counts one error of `kind`.
    @inlinable
    public mutating func count(_ kind: LoadErrorKind, _ n: Int = 1) {
        errors[kind.rawValue] &+= n
    }

    /// The count for `kind`.
    public subscript(kind: LoadErrorKind) -> Int { errors[kind.rawValue] }

    /// All errors.
    public var totalErrors: Int { errors.reduce(0, +) }

    /// Adds another thread's counts.
    public mutating func add(_ other: LoadCounters) {
        connectionsAttempted += other.connectionsAttempted
        connectionsOpened += other.connectionsOpened
        connectionsOpen += other.connectionsOpen
        connectionsClosed += other.connectionsClosed
        messagesSent += other.messagesSent
        messagesReceived += other.messagesReceived
        measuredMessagesSent += other.measuredMessagesSent
        measuredMessagesReceived += other.measuredMessagesReceived
        unsolicitedMessages += other.unsolicitedMessages
        measuredPayloadBytes += other.measuredPayloadBytes
        bytesWritten += other.bytesWritten
        bytesRead += other.bytesRead
        tlsHandshakes += other.tlsHandshakes
        tlsResumed += other.tlsResumed
        maximumUnsentBytes = max(maximumUnsentBytes, other.maximumUnsentBytes)
        for i in errors.indices { errors[i] += other.errors[i] }
    }
}
