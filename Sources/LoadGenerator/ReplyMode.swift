/// What the load generator takes as the answer to a message (`--reply`).
public enum ReplyMode: String, Sendable, Equatable, CaseIterable {
    /// The server echoes: each answer is verified against its message (opcode, length, stamp, bytes).
    case echo
    /// A request/response service: the next message the server sends on the connection answers the
    /// oldest unanswered request and is timed against it; only its framing is checked (RFC 6455,
    /// text/binary, UTF-8 of text). A message with no request waiting is counted as unsolicited.
    case any
}
