/// The protocol version of an HTTP/1.x start line (`HTTP/1.1` is `major: 1, minor: 1`).
public struct HTTPVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The digit before the dot.
    public var major: Int
    /// The digit after the dot.
    public var minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.1, the minimum for a WebSocket handshake (RFC 6455 §4.1).
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public static func < (lhs: HTTPVersion, rhs: HTTPVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "HTTP/\(major).\(minor)" }

    /// Parses exactly `HTTP/<digit>.<digit>` (RFC 9112 §2.3) from `bytes[range]`.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> HTTPVersion? {
        guard range.count == 8 else { return nil }
        let s = range.lowerBound
        guard bytes[s] == UInt8(ascii: "H"), bytes[s + 1] == UInt8(ascii: "T"), bytes[s + 2] == UInt8(ascii: "T"),
            bytes[s + 3] == UInt8(ascii: "P"), bytes[s + 4] == UInt8(ascii: "/"), bytes[s + 6] == UInt8(ascii: "."),
            HTTPSyntax.isDigit(bytes[s + 5]), HTTPSyntax.isDigit(bytes[s + 7])
        else { return nil }
        return HTTPVersion(major: Int(bytes[s + 5] &- UInt8(ascii: "0")), minor: Int(bytes[s + 7] &- UInt8(ascii: "0")))
    }
}
