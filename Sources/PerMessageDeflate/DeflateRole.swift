/// Which end of the connection an endpoint is: it decides which negotiated parameters govern the
/// messages it sends (`server_*` for a server, `client_*` for a client) and those it receives.
public enum DeflateRole: Sendable, Hashable {
    /// The endpoint that accepted the connection and answered the handshake.
    case server
    /// The endpoint that opened the connection and sent the offer.
    case client
}
