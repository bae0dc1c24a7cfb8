import Glibc

/// A file or directory that could not be read, written or created, with the system's reason.
///
/// Its ``description`` is the message the tools print: `cannot write r.json: Permission denied`.
public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    /// What was being done: `read`, `write`, `create`, `list`.
    public var operation: String
    /// The path it was done to.
    public var path: String
    /// The `errno` value the failing call left.
    public var errorNumber: Int32

    /// An error for `operation` on `path`, with the reason `errorNumber` (default: the current `errno`).
    public init(_ operation: String, _ path: String, errorNumber: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.errorNumber = errorNumber
    }

    /// `cannot OPERATION PATH: REASON`.
    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(errorNumber)))"
    }
}
