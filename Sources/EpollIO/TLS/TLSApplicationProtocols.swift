/// ALPN protocol lists (RFC 7301) in the wire format OpenSSL takes: each name prefixed by its
/// length in one byte, in preference order (`http/1.1` today; `h2` joins with HTTP/2).
public enum TLSApplicationProtocols {
    /// What `wsbench serve` offers until HTTP/2 arrives.
    public static let http11 = ["http/1.1"]

    /// `names` in wire format. Throws if a name is empty or longer than 255 bytes, or the list is
    /// empty.
    public static func wireFormat(_ names: [String]) throws(TLSError) -> [UInt8] {
        guard !names.isEmpty else { throw TLSError("ALPN: no protocols given") }
        var wire: [UInt8] = []
        for name in names {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else { throw TLSError("ALPN: protocol name '\(name)' must be 1 to 255 bytes") }
            wire.append(UInt8(bytes.count))
            wire += bytes
        }
        guard wire.count <= 0xffff else { throw TLSError("ALPN: protocol list longer than 65535 bytes") }
        return wire
    }
}
