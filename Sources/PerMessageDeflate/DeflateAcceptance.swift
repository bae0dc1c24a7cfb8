/// A server's acceptance of a permessage-deflate offer: the `Sec-WebSocket-Extensions` value to
/// put in the 101 response, and the parameters both sides will use.
public struct DeflateAcceptance: Sendable, Hashable {
    /// The response header value, e.g. `permessage-deflate; client_max_window_bits=12`.
    public var responseHeaderValue: String
    /// The negotiated parameters (the server's compressor window is the one it will really use).
    public var parameters: DeflateParameters

    /// Creates an acceptance.
    public init(responseHeaderValue: String, parameters: DeflateParameters) {
        self.responseHeaderValue = responseHeaderValue
        self.parameters = parameters
    }
}
