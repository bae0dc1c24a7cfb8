/// Why a server refuses a WebSocket opening handshake, and the HTTP status it answers with.
public enum UpgradeRejection: Error, Hashable, Sendable {
    /// The method is not `GET`. Answered with 400, as uWebSockets and Boost.Beast do: RFC 6455
    /// §4.2.1 makes GET part of a valid handshake, and a 405 would also need an `Allow` header.
    case methodNotGet(String)
    /// The request line's version is below HTTP/1.1 (400).
    case httpVersionTooOld(HTTPVersion)
    /// No `Host` header, an empty one, or more than one (400, RFC 9112 §3.2).
    case invalidHost
    /// No `Upgrade` header listing `websocket` (400).
    case missingUpgradeWebSocket
    /// No `Connection` header listing `upgrade` (400).
    case missingConnectionUpgrade
    /// `Sec-WebSocket-Version` missing or not `13` (426 with `Sec-WebSocket-Version: 13`, RFC 6455 §4.4).
    /// Carries the received value, if any.
    case unsupportedWebSocketVersion(String?)
    /// `Sec-WebSocket-Key` missing, repeated, or not the Base64 encoding of 16 bytes (400).
    case invalidKey
    /// The `Origin` (carried, if present) is not in the server's allow-list (403).
    case originNotAllowed(String?)

    /// The status to answer with.
    public var status: HTTPStatus {
        switch self {
        case .unsupportedWebSocketVersion: return .upgradeRequired
        case .originNotAllowed: return .forbidden
        default: return .badRequest
        }
    }

    /// A short, fixed explanation suitable for the response body (never echoes request bytes).
    public var message: String {
        switch self {
        case .methodNotGet: return "WebSocket handshake requires GET"
        case .httpVersionTooOld: return "WebSocket handshake requires HTTP/1.1 or later"
        case .invalidHost: return "Missing or invalid Host header"
        case .missingUpgradeWebSocket: return "Missing Upgrade: websocket"
        case .missingConnectionUpgrade: return "Missing Connection: Upgrade"
        case .unsupportedWebSocketVersion: return "Unsupported Sec-WebSocket-Version (expected 13)"
        case .invalidKey: return "Missing or invalid Sec-WebSocket-Key"
        case .originNotAllowed: return "Origin not allowed"
        }
    }
}
