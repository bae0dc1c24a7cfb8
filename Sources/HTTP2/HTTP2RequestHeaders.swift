/// The header fields of one HTTP/2 request that decide how the server answers it: the pseudo-header
/// fields (`:method`, `:scheme`, `:authority`, `:path`, `:protocol`) and the regular fields the
/// WebSocket handshake needs. Filled one field at a time as nghttp2 decodes the HEADERS block
/// (``add(name:value:)``), then judged by ``HTTP2RequestDecision/init(_:webSocketPath:allowedOrigins:)``.
///
/// HTTP/2 field names are lower case on the wire (RFC 9113 section 8.2.1; nghttp2 refuses others),
/// so names are compared exactly. Made once per stream, when its request arrives: never on the
/// per-message path.
public struct HTTP2RequestHeaders: Hashable, Sendable {
    public var method: String? = nil
    public var scheme: String? = nil
    public var authority: String? = nil
    public var path: String? = nil
    /// `:protocol` (RFC 8441 section 4): `websocket` for a WebSocket stream.
    public var protocolName: String? = nil
    /// `sec-websocket-version`, all values joined with `", "` (a repeated field is not `13`).
    public var webSocketVersion: String? = nil
    /// `origin`, if sent (the last one wins; browsers send one).
    public var origin: String? = nil
    /// All `sec-websocket-extensions` values joined with `", "`; nil if none were sent.
    public var extensions: String? = nil
    /// How many fields were added (pseudo-header and regular).
    public private(set) var fieldCount = 0

    public init() {}

    /// Records one decoded field. Fields the server has no use for are only counted.
    public mutating func add(name: String, value: String) {
        fieldCount &+= 1
        switch name {
        case ":method": method = value
        case ":scheme": scheme = value
        case ":authority": authority = value
        case ":path": path = value
        case ":protocol": protocolName = value
        case "sec-websocket-version": webSocketVersion = HTTP2RequestHeaders.joined(webSocketVersion, value)
        case "origin": origin = value
        case "sec-websocket-extensions": extensions = HTTP2RequestHeaders.joined(extensions, value)
        default: break
        }
    }

    /// Records one decoded field given as raw bytes (as nghttp2's header callback hands them over).
    public mutating func add(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }

    /// The path part of `:path` (without a query).
    public var pathWithoutQuery: Substring? {
        guard let path else { return nil }
        return path[..<(path.firstIndex(of: "?") ?? path.endIndex)]
    }

    static func joined(_ existing: String?, _ value: String) -> String {
        guard let existing else { return value }
        return existing + ", " + value
    }
}
