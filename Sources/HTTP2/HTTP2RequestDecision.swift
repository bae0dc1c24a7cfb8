/// What an HTTP/2 request on the echo server gets, decided from its headers alone (no I/O): open a
/// WebSocket on the stream (RFC 8441 extended CONNECT), serve the test page, or answer with an error
/// status on the stream — never a dropped connection.
///
/// The checks mirror the HTTP/1.1 handshake (`UpgradeRequest` and the Origin allow-list), translated
/// to extended CONNECT: `:method CONNECT` with `:protocol websocket` replaces `GET` + `Upgrade`, there is
/// no `Sec-WebSocket-Key`/`Accept` (RFC 8441 section 5), and a bad version is 400 with
/// `sec-websocket-version: 13` (there is no 426 Upgrade in HTTP/2). First failure wins:
///
/// | request                                            | answer |
/// |----------------------------------------------------|--------|
/// | `GET /` or `GET /index.html`                       | test page |
/// | `GET` at the WebSocket path                        | 400 (send extended CONNECT) |
/// | other method than GET or CONNECT                   | 405 |
/// | CONNECT without `:protocol` (a proxy tunnel)       | 400 |
/// | `:protocol` other than `websocket`                 | 501 |
/// | extended CONNECT without `:scheme` or `:path`      | 400 (nghttp2 resets such a stream itself) |
/// | path other than the WebSocket path (or GET elsewhere) | 404 |
/// | `sec-websocket-version` missing or not `13`         | 400 + `sec-websocket-version: 13` |
/// | Origin not in a non-empty allow-list               | 403 |
/// | otherwise                                          | WebSocket, 200 |
public enum HTTP2RequestDecision: Hashable, Sendable {
    /// Open a WebSocket on the stream; `extensionOffers` is the client's `sec-websocket-extensions`
    /// (nil: none), to negotiate permessage-deflate exactly as over HTTP/1.1.
    case openWebSocket(extensionOffers: String?)
    /// Serve the test page (200, HTML).
    case testPage
    /// Answer with this status and end the stream.
    case reject(HTTP2Rejection)

    /// Judges `headers` for a server whose WebSocket endpoint is `webSocketPath`, allowing the
    /// Origins in `allowedOrigins` (empty: any, and none).
    public init(_ headers: HTTP2RequestHeaders, webSocketPath: String, allowedOrigins: [String]) {
        let path = headers.pathWithoutQuery
        switch headers.method {
        case "GET":
            if path == "/" || path == "/index.html" {
                self = .testPage
            } else if path == webSocketPath[...] {
                self = .reject(.notExtendedConnect)
            } else {
                self = .reject(.notFound)
            }
            return
        case ExtendedConnectProtocol.method:
            break
        default:
            self = .reject(.methodNotAllowed)
            return
        }
        guard let protocolName = headers.protocolName else {
            self = .reject(.missingProtocol)
            return
        }
        guard protocolName == ExtendedConnectProtocol.protocolName else {
            self = .reject(.unsupportedProtocol)
            return
        }
        guard headers.scheme != nil, let path else {
            self = .reject(.missingPseudoHeader)
            return
        }
        guard path == webSocketPath[...] else {
            self = .reject(.notFound)
            return
        }
        guard headers.webSocketVersion == ExtendedConnectProtocol.webSocketVersion else {
            self = .reject(.unsupportedWebSocketVersion)
            return
        }
        guard HTTP2RequestDecision.isOriginAllowed(headers.origin, allowedOrigins) else {
            self = .reject(.originNotAllowed)
            return
        }
        self = .openWebSocket(extensionOffers: headers.extensions)
    }

    /// Whether `origin` passes the allow-list: always if it is empty; otherwise equal to one entry,
    /// ignoring ASCII case (as `UpgradeRequest.isOriginAllowed` over HTTP/1.1).
    static func isOriginAllowed(_ origin: String?, _ allowedOrigins: [String]) -> Bool {
        if allowedOrigins.isEmpty { return true }
        guard let origin else { return false }
        return allowedOrigins.contains { equalsIgnoringASCIICase($0, origin) }
    }

    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let a = a.utf8, b = b.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a)
        }
    }
}

/// Why the server refuses an HTTP/2 request, and the status (and fields) it answers with on the stream.
public enum HTTP2Rejection: Hashable, Sendable {
    /// A GET at the WebSocket path: over HTTP/2 a WebSocket is opened with extended CONNECT (400).
    case notExtendedConnect
    /// A method other than GET or CONNECT (405).
    case methodNotAllowed
    /// CONNECT without `:protocol`: a proxy tunnel request, which this server does not serve (400).
    case missingProtocol
    /// A `:protocol` other than `websocket` (501 Not Implemented).
    case unsupportedProtocol
    /// Extended CONNECT without `:scheme` or `:path` (RFC 8441 section 4 requires both) (400).
    case missingPseudoHeader
    /// No resource at `:path` (404).
    case notFound
    /// `sec-websocket-version` missing or not `13` (400 with `sec-websocket-version: 13`).
    case unsupportedWebSocketVersion
    /// The `origin` is not in the server's allow-list (403).
    case originNotAllowed
    /// The server is at its WebSocket limit (503).
    case serviceUnavailable

    /// The `:status` to answer with.
    public var status: Int {
        switch self {
        case .notExtendedConnect, .missingProtocol, .missingPseudoHeader, .unsupportedWebSocketVersion: return 400
        case .methodNotAllowed: return 405
        case .unsupportedProtocol: return 501
        case .notFound: return 404
        case .originNotAllowed: return 403
        case .serviceUnavailable: return 503
        }
    }

    /// Regular fields sent with the status, besides `content-type`.
    public var extraHeaders: [(name: String, value: String)] {
        switch self {
        case .unsupportedWebSocketVersion: return [("sec-websocket-version", ExtendedConnectProtocol.webSocketVersion)]
        case .methodNotAllowed: return [("allow", "GET, CONNECT")]
        default: return []
        }
    }

    /// A short, fixed explanation for the response body (never echoes request bytes).
    public var message: String {
        switch self {
        case .notExtendedConnect: return "This is a WebSocket endpoint: over HTTP/2 send an extended CONNECT (:protocol websocket)."
        case .methodNotAllowed: return "Only GET and CONNECT are served."
        case .missingProtocol: return "CONNECT needs :protocol websocket (RFC 8441); this server is not a proxy."
        case .unsupportedProtocol: return "Only :protocol websocket is implemented."
        case .missingPseudoHeader: return "Extended CONNECT needs :scheme and :path."
        case .notFound: return "Not found."
        case .unsupportedWebSocketVersion: return "Unsupported sec-websocket-version (expected 13)."
        case .originNotAllowed: return "Origin not allowed."
        case .serviceUnavailable: return "Connection limit reached."
        }
    }
}
