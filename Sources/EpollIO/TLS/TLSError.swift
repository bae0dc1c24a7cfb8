import COpenSSL

/// A TLS set-up failure (a certificate or key that does not load, a context OpenSSL refuses, a
/// connection that cannot be created), with OpenSSL's own explanation. Thrown only off the hot
/// path: reads, writes and handshake steps return small enums instead.
public struct TLSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What failed, then OpenSSL's error queue (if it said anything).
    public let description: String

    /// An error described by `what` alone.
    public init(_ what: String) {
        description = what
    }

    /// An error described by `what` and the reasons OpenSSL queued in this thread (taken, so the
    /// queue is empty afterwards, as the next I/O call on any connection of this thread requires).
    public static func takingQueue(_ what: String) -> TLSError {
        let reason = TLSError.takeQueuedReasons()
        return TLSError(reason.isEmpty ? what : "\(what): \(reason)")
    }

    /// OpenSSL's queued errors of this thread as one line ("; "-separated), emptying the queue.
    public static func takeQueuedReasons() -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 1024) { buffer in
            let length = wsb_take_error_string(buffer.baseAddress!, buffer.count)
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: length), as: UTF8.self)
        }
    }
}
