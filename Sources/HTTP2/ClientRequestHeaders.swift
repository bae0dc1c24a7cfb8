/// The header block of one RFC 8441 extended-CONNECT request (a WebSocket opened on an HTTP/2
/// stream): the pseudo-headers first (`:method CONNECT`, `:protocol websocket`, `:scheme`, `:path`,
/// `:authority`), then `sec-websocket-version: 13` and the optional `origin`,
/// `sec-websocket-extensions`, `sec-websocket-protocol` and extra fields.
///
/// HTTP/2 field names are lower case and connection-specific fields are forbidden (RFC 9113
/// section 8.2.2), so extra fields are lower-cased and ``problem(withExtraField:)`` rejects the ones
/// that cannot travel on a stream. Built once per run and reused for every stream.
public struct ClientRequestHeaders: Equatable, Sendable {
    /// Name-value pairs in the order they are sent.
    public private(set) var fields: [(name: String, value: String)]

    /// The request for `path` on `authority` (`host:port`) over `https` (TLS) or `http` (h2c).
    public init(
        secure: Bool, authority: String, path: String, origin: String? = nil, extensionOffer: String? = nil,
        subprotocols: [String] = [], extraFields: [(name: String, value: String)] = []
    ) {
        fields = [
            (":method", ExtendedConnectProtocol.method),
            (":protocol", ExtendedConnectProtocol.protocolName),
            (":scheme", secure ? "https" : "http"),
            (":path", path.isEmpty ? "/" : path),
            (":authority", authority),
            ("sec-websocket-version", ExtendedConnectProtocol.webSocketVersion),
        ]
        if let origin { fields.append(("origin", origin)) }
        if let extensionOffer { fields.append(("sec-websocket-extensions", extensionOffer)) }
        if !subprotocols.isEmpty { fields.append(("sec-websocket-protocol", subprotocols.joined(separator: ", "))) }
        for field in extraFields { fields.append((field.name.lowercased(), field.value)) }
    }

    /// The value of the first field called `name`, if any.
    public func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// Why an extra (`--header`) field cannot be sent on an HTTP/2 stream, or nil if it can:
    /// connection-specific fields (RFC 9113 section 8.2.2), fields this request sets itself, and
    /// pseudo-headers are refused.
    public static func problem(withExtraField name: String) -> String? {
        let lower = name.lowercased()
        if lower.hasPrefix(":") { return "pseudo-header \(name) cannot be given as a header over HTTP/2" }
        if connectionSpecific.contains(lower) { return "\(name) is connection-specific and not allowed over HTTP/2 (RFC 9113 8.2.2)" }
        if ownFields.contains(lower) { return "\(name) is set by the extended CONNECT request itself" }
        return nil
    }

    static let connectionSpecific: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "host"]
    static let ownFields: Set<String> = ["sec-websocket-version", "sec-websocket-key", "sec-websocket-extensions", "sec-websocket-protocol", "origin"]

    public static func == (lhs: ClientRequestHeaders, rhs: ClientRequestHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }
}
