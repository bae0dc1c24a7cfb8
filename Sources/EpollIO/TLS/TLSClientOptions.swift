/// What a client ``TLSContext`` needs to know: the server's name, how to check its certificate,
/// the ALPN offer, and whether to resume sessions.
public struct TLSClientOptions: Sendable, Equatable {
    /// The host from the URL: sent as SNI (unless it is an IP address literal, RFC 6066 §3) and
    /// the name (or address) the server's certificate must carry when it is verified.
    public var serverName: String
    /// How the server's certificate is checked (default: the system CA store).
    public var verification: TLSVerification = .systemTrustStore
    /// The ALPN protocols offered, in preference order (none: no ALPN extension).
    public var applicationProtocols: [String] = TLSApplicationProtocols.http11
    /// Whether later connections resume the session of an earlier one (the newest TLS 1.3 ticket
    /// or TLS 1.2 session any connection of the context received), sparing a full handshake.
    public var resumesSessions = true

    /// Options for a server called `serverName`, verified against the system CA store.
    public init(serverName: String) {
        self.serverName = serverName
    }
}
