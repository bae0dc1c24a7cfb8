/// A parsed HTTP/1.1 response head: status line and header fields (no body).
public struct HTTPResponseHead: Hashable, Sendable {
    /// The protocol version from the status line.
    public var version: HTTPVersion
    /// The status code and reason phrase as received.
    public var status: HTTPStatus
    /// The header fields.
    public var headers: HTTPHeaders

    /// Creates a head.
    public init(version: HTTPVersion, status: HTTPStatus, headers: HTTPHeaders) {
        self.version = version
        self.status = status
        self.headers = headers
    }
}
