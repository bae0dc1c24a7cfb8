/// An HTTP status code with its reason phrase, as used by the upgrade handshake.
public struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    /// The three-digit status code.
    public var code: Int
    /// The reason phrase (informational only; clients must not depend on it).
    public var reasonPhrase: String

    /// Creates a status from a code and a reason phrase.
    public init(code: Int, reasonPhrase: String) {
        self.code = code
        self.reasonPhrase = reasonPhrase
    }

    /// 101: the handshake succeeded (RFC 6455 §4.2.2).
    public static let switchingProtocols = HTTPStatus(code: 101, reasonPhrase: "Switching Protocols")
    /// 200: a plain HTTP answer (the test page).
    public static let ok = HTTPStatus(code: 200, reasonPhrase: "OK")
    /// 400: malformed request or invalid handshake.
    public static let badRequest = HTTPStatus(code: 400, reasonPhrase: "Bad Request")
    /// 403: the `Origin` is not allowed (RFC 6455 §4.2.2 step 4).
    public static let forbidden = HTTPStatus(code: 403, reasonPhrase: "Forbidden")
    /// 404: no resource at the request target.
    public static let notFound = HTTPStatus(code: 404, reasonPhrase: "Not Found")
    /// 405: a method other than GET (not used by ``UpgradeRequest``, which answers 400).
    public static let methodNotAllowed = HTTPStatus(code: 405, reasonPhrase: "Method Not Allowed")
    /// 426: unsupported `Sec-WebSocket-Version` (RFC 6455 §4.2.2, §4.4).
    public static let upgradeRequired = HTTPStatus(code: 426, reasonPhrase: "Upgrade Required")
    /// 431: the request head is larger than the configured maximum (RFC 6585 §5).
    public static let requestHeaderFieldsTooLarge = HTTPStatus(code: 431, reasonPhrase: "Request Header Fields Too Large")
    /// 503: the server is at capacity.
    public static let serviceUnavailable = HTTPStatus(code: 503, reasonPhrase: "Service Unavailable")

    public var description: String { "\(code) \(reasonPhrase)" }
}
