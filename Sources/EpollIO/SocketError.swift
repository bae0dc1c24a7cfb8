import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the `errno` it left and the name of the operation.
///
/// Creating one never allocates (the operation is a `StaticString`), so it can be
/// thrown with typed throws (`throws(SocketError)`) on any path.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The `errno` value the call left.
    public let errorNumber: Int32
    /// The operation that failed, e.g. `"bind"` or `"epoll_ctl(ADD)"`.
    public let operation: StaticString

    /// Creates an error from an explicit `errno` value.
    @inlinable
    public init(_ operation: StaticString, errorNumber: Int32) {
        self.operation = operation
        self.errorNumber = errorNumber
    }

    /// Creates an error from the current thread's `errno`.
    @inlinable
    public init(_ operation: StaticString) {
        self.init(operation, errorNumber: errno)
    }

    /// `"<operation> failed: <strerror> (errno N)"`.
    public var description: String {
        let message = strerror(errorNumber).map { String(cString: $0) } ?? "unknown error"
        return "\(operation) failed: \(message) (errno \(errorNumber))"
    }
}
