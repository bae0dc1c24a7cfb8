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
    /// WebSockets opened by an HTTP/1.1 Upgrade (part of `webSocketsOpened`).
    public var webSocketsOpenedHTTP1 = 0
    /// WebSockets opened as HTTP/2 extended-CONNECT streams, RFC 8441 (part of `webSocketsOpened`).
    public var webSocketsOpenedHTTP2 = 0
    /// Connections that spoke HTTP/2 (h2c preface or ALPN h2).
    public var http2Connections = 0
    /// HTTP/2 request streams opened (WebSockets, test page, refused requests).
    public var http2Streams = 0
    /// The most streams one HTTP/2 connection had open at once (a maximum over loops, not a sum).
    public var http2MaximumStreamsPerConnection = 0

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
        webSocketsOpenedHTTP1 += other.webSocketsOpenedHTTP1
        webSocketsOpenedHTTP2 += other.webSocketsOpenedHTTP2
        http2Connections += other.http2Connections
        http2Streams += other.http2Streams
        http2MaximumStreamsPerConnection = max(http2MaximumStreamsPerConnection, other.http2MaximumStreamsPerConnection)
    }

    /// One line for people: WebSockets split by protocol, HTTP/2 connections and streams per connection.
    public var summary: String {
        var line = "\(messagesEchoed) messages echoed, \(webSocketsOpened) WebSockets (\(webSocketsOpenedHTTP1) over HTTP/1.1, "
        line += "\(webSocketsOpenedHTTP2) over HTTP/2), \(protocolErrors) protocol errors"
        if http2Connections > 0 {
            let perConnection = Double(http2Streams) / Double(http2Connections)
            let rounded = (perConnection * 10).rounded() / 10
            line += "; HTTP/2: \(http2Connections) connections, \(http2Streams) streams (\(rounded) per connection, at most "
            line += "\(http2MaximumStreamsPerConnection) at once)"
        }
        return line
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
            ("websockets_http1", webSocketsOpenedHTTP1), ("websockets_http2", webSocketsOpenedHTTP2),
            ("http2_connections", http2Connections), ("http2_streams", http2Streams),
            ("http2_max_streams_per_connection", http2MaximumStreamsPerConnection),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
