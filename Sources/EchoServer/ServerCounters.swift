/// What a server loop counted; loops' counters are summed when the server stops.
public struct ServerCounters: Sendable, Hashable {
    public var connectionsAccepted = 0
    public var webSocketsOpened = 0
    public var connectionsClosed = 0
    public var messagesEchoed = 0
    public var bytesReceived = 0
    public var bytesSent = 0
    public var pingsSent = 0
    /// HTTP requests answered without an upgrade (test page, 400/403/404/426/431/503).
    public var httpResponses = 0
    /// Connections failed for a protocol error (a close code ≥ 1002 sent).
    public var protocolErrors = 0
    public var idleTimeouts = 0
    public var handshakeTimeouts = 0
    /// Connections dropped by a read/write error or a peer that vanished without a close frame.
    public var abruptCloses = 0
    /// Times reading was paused because a connection's unsent bytes passed the high-water mark.
    public var backpressurePauses = 0
    /// TLS handshakes completed (0 without TLS).
    public var tlsHandshakes = 0
    /// TLS handshakes that failed (a refused protocol version, an alert, bytes that are not TLS);
    /// clients that only went away, or timed out, are counted elsewhere.
    public var tlsHandshakeFailures = 0

    public init() {}

    /// Adds another loop's counts.
    public mutating func add(_ other: ServerCounters) {
        connectionsAccepted += other.connectionsAccepted
        webSocketsOpened += other.webSocketsOpened
        connectionsClosed += other.connectionsClosed
        messagesEchoed += other.messagesEchoed
        bytesReceived += other.bytesReceived
        bytesSent += other.bytesSent
        pingsSent += other.pingsSent
        httpResponses += other.httpResponses
        protocolErrors += other.protocolErrors
        idleTimeouts += other.idleTimeouts
        handshakeTimeouts += other.handshakeTimeouts
        abruptCloses += other.abruptCloses
        backpressurePauses += other.backpressurePauses
        tlsHandshakes += other.tlsHandshakes
        tlsHandshakeFailures += other.tlsHandshakeFailures
    }

    /// One line of JSON, for the harness.
    public var json: String {
        let fields: [(String, Int)] = [
            ("connections_accepted", connectionsAccepted), ("websockets_opened", webSocketsOpened),
            ("connections_closed", connectionsClosed), ("messages_echoed", messagesEchoed),
            ("bytes_received", bytesReceived), ("bytes_sent", bytesSent), ("pings_sent", pingsSent),
            ("http_responses", httpResponses), ("protocol_errors", protocolErrors),
            ("idle_timeouts", idleTimeouts), ("handshake_timeouts", handshakeTimeouts),
            ("abrupt_closes", abruptCloses), ("backpressure_pauses", backpressurePauses),
            ("tls_handshakes", tlsHandshakes), ("tls_handshake_failures", tlsHandshakeFailures),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
