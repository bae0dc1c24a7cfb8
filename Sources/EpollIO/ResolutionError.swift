#if canImport(Glibc)
import Glibc
#endif

/// A host name that did not resolve: the `getaddrinfo` status and, for `EAI_SYSTEM`, the `errno`.
public struct ResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name that was looked up.
    public let host: String
    /// The `getaddrinfo` status (`EAI_NONAME`, `EAI_AGAIN`, …).
    public let code: Int32
    /// The `errno` behind `EAI_SYSTEM` (0 otherwise).
    public let systemError: Int32

    /// An error for `host` from a `getaddrinfo` status (and the `errno` behind `EAI_SYSTEM`).
    public init(host: String, code: Int32, systemError: Int32) {
        self.host = host
        self.code = code
        self.systemError = systemError
    }

    /// The resolver's reason (`gai_strerror`), with `strerror` of the `errno` for `EAI_SYSTEM`.
    public var reason: String {
        var text = gai_strerror(code).map { String(cString: $0) } ?? "getaddrinfo error \(code)"
        if code == EAI_SYSTEM && systemError != 0, let system = strerror(systemError) {
            text += ": " + String(cString: system)
        }
        return text
    }

    /// `"<host>: <reason>"`.
    public var description: String { "\(host): \(reason)" }
}
