/// The client connection preface of HTTP/2 (RFC 9113 section 3.4): `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`.
/// A cleartext connection whose first bytes begin with it speaks HTTP/2 with prior knowledge (h2c);
/// no HTTP/1.1 request starts with `PRI`, so the server tells the two apart on the same port from the
/// first three bytes.
public enum HTTP2ConnectionPreface {
    /// The 24 bytes of the preface.
    public static let bytes: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// How the first bytes of a connection classify it.
    public enum Match: Hashable, Sendable {
        /// They begin an HTTP/2 preface (`PRI`): hand the connection to HTTP/2.
        case http2
        /// Too few bytes to tell (a prefix of `PRI`): wait for more.
        case undecided
        /// Anything else: HTTP/1.1.
        case http1
    }

    /// Classifies a connection from its first bytes (`bytes` starts at the connection's first byte).
    public static func match(_ bytes: UnsafeRawBufferPointer) -> Match {
        let decisive = 3
        let n = min(bytes.count, decisive)
        for i in 0..<n where bytes[i] != HTTP2ConnectionPreface.bytes[i] { return .http1 }
        return n == decisive ? .http2 : .undecided
    }
}
