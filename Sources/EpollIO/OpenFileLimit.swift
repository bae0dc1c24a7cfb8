import CEpoll

/// The process's open-file limit (`RLIMIT_NOFILE`).
public struct OpenFileLimit: Sendable, Equatable {
    /// The soft limit: the most descriptors the process may have open now.
    public var current: UInt64
    /// The hard limit: the most the soft limit may be raised to without privileges.
    public var maximum: UInt64

    /// Raises the soft limit to the hard limit and returns both afterwards.
    @discardableResult
    public static func raiseToMaximum() throws(SocketError) -> OpenFileLimit {
        var soft: UInt64 = 0
        var hard: UInt64 = 0
        guard cepoll_raise_nofile_limit(&soft, &hard) == 0 else { throw SocketError("setrlimit(RLIMIT_NOFILE)") }
        return OpenFileLimit(current: soft, maximum: hard)
    }
}
