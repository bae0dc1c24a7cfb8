/// Why a text is not a target ``TargetURL`` accepts; each case says what to write instead.
public enum TargetURLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No `scheme://` at all.
    case notAURL(String)
    /// `http://` or `https://` (secure): the WebSocket schemes are `ws://` and `wss://`.
    case httpScheme(secure: Bool)
    /// Another scheme (carried, lowercased).
    case unsupportedScheme(String)
    /// A `user:password@` part.
    case userinfo
    /// Nothing between `://` and the path.
    case missingHost
    /// A host that is neither an address literal nor a host name (carried).
    case invalidHost(String)
    /// An IPv6 address without brackets (the authority carried).
    case unbracketedIPv6(String)
    /// An IPv6 literal with a zone identifier (`[fe80::1%25eth0]`).
    case ipv6ZoneIdentifier
    /// A host name with non-ASCII characters (carried): an internationalised name must be written
    /// in its ASCII (`xn--`) form.
    case nonASCIIHost(String)
    /// A port that is not a number from 1 to 65535 (carried).
    case invalidPort(String)
    /// A path or query with spaces, control or non-ASCII characters (carried).
    case invalidPathCharacters(String)
    /// A `#fragment` (RFC 6455 §3: not used in WebSocket URIs).
    case fragment

    /// The problem in words, with what to write instead.
    public var description: String {
        switch self {
        case .notAURL(let text):
            return "\(text) is not a URL: the target looks like ws://example.com/ws or wss://example.com:8443/ws?x=1"
        case .httpScheme(let secure):
            return secure ? "https:// is not a WebSocket URL: use wss://" : "http:// is not a WebSocket URL: use ws://"
        case .unsupportedScheme(let scheme):
            return "\(scheme):// is not a WebSocket URL: use ws:// (or wss:// for TLS)"
        case .userinfo:
            return
                "user names and passwords in the URL (user@host) are not sent by WebSocket clients: pass credentials with --header, e.g. --header 'Authorization: Bearer …'"
        case .missingHost:
            return "the URL has no host: ws://host[:port]/path"
        case .invalidHost(let host):
            return
                "\(host) is not a host: use a name (letters, digits, '-', '.', '_'), an IPv4 address or a bracketed IPv6 address ([::1])"
        case .unbracketedIPv6(let host):
            return "an IPv6 address goes in brackets, the port after them: ws://[::1]:9001/path (got \(host))"
        case .ipv6ZoneIdentifier:
            return "IPv6 zone identifiers (%25…) are not supported: use a global or loopback address"
        case .nonASCIIHost(let host):
            return "\(host) is not ASCII: write an internationalised name in its xn-- (punycode) form"
        case .invalidPort(let port):
            return "\(port) is not a port: 1 to 65535"
        case .invalidPathCharacters(let path):
            return "the path \(path) has spaces, control or non-ASCII characters: percent-encode them"
        case .fragment:
            return "WebSocket URLs have no #fragment (RFC 6455 §3): leave it out"
        }
    }
}
