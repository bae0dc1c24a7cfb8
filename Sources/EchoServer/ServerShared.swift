import Synchronization

/// State the loops of one server share: the connection limit and each loop's final counters.
final class ServerShared: Sendable {
    /// Upgraded connections open across all loops (for ``ServerConfiguration/maximumConnections``).
    let openWebSockets = Atomic<Int>(0)
    private let finished = Mutex<(counters: ServerCounters, failures: [String])>((ServerCounters(), []))

    /// Called by each loop as it ends.
    func loopFinished(_ counters: ServerCounters) {
        finished.withLock { $0.counters.add(counters) }
    }

    /// Called by a loop that could not start or failed.
    func loopFailed(_ message: String) {
        finished.withLock { $0.failures.append(message) }
    }

    var totals: ServerCounters { finished.withLock { $0.counters } }
    var failures: [String] { finished.withLock { $0.failures } }
}
