/// One client HTTP/2 connection before its WebSockets may open, as a value with no I/O: TLS picks
/// `h2` by ALPN (or h2c starts with prior knowledge), the client sends its preface and SETTINGS,
/// and streams wait for the server's SETTINGS to say `SETTINGS_ENABLE_CONNECT_PROTOCOL = 1`
/// (RFC 8441 section 3: without it a client must not send an extended CONNECT).
public struct ClientConnectionState: Equatable, Sendable {
    public enum Phase: Equatable, Sendable {
        /// TCP (and TLS) not up yet.
        case connecting
        /// Preface and SETTINGS sent; the server's SETTINGS have not arrived.
        case awaitingSettings
        /// Extended CONNECT is allowed: streams may open.
        case ready
        /// The connection cannot carry WebSockets (the reason is in the action that said so).
        case failed
    }

    /// What the owner does next.
    public enum Action: Equatable, Sendable {
        /// Nothing.
        case none
        /// Send the connection preface and our SETTINGS.
        case sendPreface
        /// Open the waiting streams.
        case openStreams
        /// Fail every stream of the connection as a handshake failure, for this reason.
        case fail(String)
    }

    public private(set) var phase: Phase = .connecting

    public init() {}

    /// The transport is up. `applicationProtocol` is what TLS ALPN selected (nil over cleartext
    /// with `secure == false`, where HTTP/2 starts with prior knowledge).
    public mutating func transportReady(secure: Bool, applicationProtocol: String?) -> Action {
        guard phase == .connecting else { return .none }
        if secure && applicationProtocol != ExtendedConnectProtocol.alpnHTTP2 {
            phase = .failed
            let chosen = applicationProtocol.map { "chose \($0)" } ?? "selected no protocol"
            return .fail("the server's TLS ALPN \(chosen), not h2: it does not speak HTTP/2 here")
        }
        phase = .awaitingSettings
        return .sendPreface
    }

    /// The server's SETTINGS frame (not an acknowledgement) arrived, with or without extended CONNECT.
    public mutating func settingsReceived(enableConnectProtocol: Bool) -> Action {
        guard phase == .awaitingSettings else { return .none }
        guard enableConnectProtocol else {
            phase = .failed
            return .fail("server does not offer extended CONNECT (no SETTINGS_ENABLE_CONNECT_PROTOCOL = 1)")
        }
        phase = .ready
        return .openStreams
    }

    /// The connection ended (EOF, error, GOAWAY) before it was ready.
    public mutating func endedBeforeReady() -> Action {
        switch phase {
        case .connecting, .awaitingSettings:
            let waited = phase == .awaitingSettings
            phase = .failed
            return .fail(waited ? "the server closed the HTTP/2 connection before sending its SETTINGS" : "the connection closed before HTTP/2 began")
        case .ready, .failed:
            return .none
        }
    }
}
