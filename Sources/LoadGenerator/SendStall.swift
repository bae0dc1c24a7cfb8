import BenchSupport

/// What a run found on connections whose server stopped reading (``LoadErrorKind/sendStalled``):
/// gathered per thread at the end of the drain, summed over threads, told in one note.
struct SendStall: Sendable {
    /// Connections that still held bytes their socket would not take.
    var connections = 0
    /// Messages sent or due on them and never answered.
    var unanswered = 0
    /// Bytes left unsent in the load generator's outbound buffers.
    var unsentBytes = 0
    /// Open loop: messages that fell due but could not be written behind those bytes.
    var heldBack = 0
    /// The longest time one of them went without its socket taking a byte (ns).
    var longest: Int64 = 0

    /// Adds another thread's findings.
    mutating func add(_ other: SendStall) {
        connections += other.connections
        unanswered += other.unanswered
        unsentBytes += other.unsentBytes
        heldBack += other.heldBack
        longest = max(longest, other.longest)
    }

    /// The note for the user (nil when no connection stalled); open loop also tells what was held back.
    func note(mode: LoadMode) -> String? {
        guard connections > 0 else { return nil }
        var waiting = ""
        if case .openLoop = mode { waiting = ", \(heldBack) due messages held back" }
        return "the server stopped reading: \(connections) connection\(connections == 1 ? "" : "s") could not send for "
            + "\(Format.fixed(Double(longest) / 1e9, 1)) s (\(Format.bytes(unsentBytes)) left unsent in the load generator\(waiting); "
            + "send_stalled); \(unanswered) messages on them were unanswered (unanswered_at_end)"
    }
}
