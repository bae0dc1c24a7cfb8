import Histogram
import Synchronization

/// State the load threads share with the thread that reports: per-interval histograms and
/// counters published once per report interval, and each thread's final results.
///
/// Threads touch it only at interval boundaries and at the end, never per message.
final class LoadShared: Sendable {
    struct State {
        var latestCounters: [LoadCounters]
        /// Latency of the measured messages so far (sum of the published intervals).
        var soFar = LatencyHistogram.makeLatency()
        /// Interval *i* covers [start + i·interval, start + (i+1)·interval).
        var intervals: [LatencyHistogram?] = []
        /// Open loop: the send lags of each interval, like ``intervals``.
        var sendLagIntervals: [LatencyHistogram?] = []
        var final: [ThreadResult?]
        var notes: [String] = []
    }

    /// What one thread hands over when it ends.
    struct ThreadResult {
        var counters: LoadCounters
        var latency: LatencyHistogram
        var sendLag: LatencyHistogram
        var connect: LatencyHistogram
        var tls: LatencyHistogram
        var handshake: LatencyHistogram
        var negotiatedExtensions: [String: Int]
        /// Connections per subprotocol the server chose ("" for none).
        var negotiatedSubprotocols: [String: Int]
        /// Connections whose server stopped reading.
        var stall: SendStall
        /// When the thread ended (`MonotonicClock.nanoseconds()`).
        var finishedAt: Int64
        /// When the thread's last connection completed its handshake (0: none did).
        var lastOpenedAt: Int64
    }

    let state: Mutex<State>
    let keepIntervals: Bool

    init(threads: Int, keepIntervals: Bool) {
        state = Mutex(State(latestCounters: Array(repeating: LoadCounters(), count: threads), final: Array(repeating: nil, count: threads)))
        self.keepIntervals = keepIntervals
    }

    /// A thread's counters and the latencies (and open loop's send lags) it recorded during interval `interval`.
    func publish(thread: Int, counters: LoadCounters, interval: Int, latencies: LatencyHistogram, sendLags: LatencyHistogram) {
        state.withLock { s in
            s.latestCounters[thread] = counters
            if keepIntervals && sendLags.totalCount > 0 {
                while s.sendLagIntervals.count <= interval { s.sendLagIntervals.append(nil) }
                if s.sendLagIntervals[interval] == nil { s.sendLagIntervals[interval] = LatencyHistogram.makeLatency() }
                s.sendLagIntervals[interval]!.add(sendLags)
            }
            guard latencies.totalCount > 0 else { return }
            s.soFar.add(latencies)
            if keepIntervals {
                while s.intervals.count <= interval { s.intervals.append(nil) }
                if s.intervals[interval] == nil { s.intervals[interval] = LatencyHistogram.makeLatency() }
                s.intervals[interval]!.add(latencies)
            }
        }
    }

    /// A thread's final results.
    func finish(thread: Int, _ result: ThreadResult) {
        state.withLock { s in
            s.latestCounters[thread] = result.counters
            s.final[thread] = result
        }
    }

    /// Records a note for the user (a limit reached, a failure explained); each distinct note once.
    func note(_ text: String) {
        state.withLock { s in
            if !s.notes.contains(text) { s.notes.append(text) }
        }
    }
}
