import LoadGenerator

/// The figures of one run of one cell: the load generator's result plus what was read off the
/// built-in server's process around it.
struct CellRun {
    var result: LoadResult
    /// Server CPU time over the run, in nanoseconds (nil against an external server).
    var serverCPUNanoseconds: Int64?
    var serverResidentKiB: Int?
    var serverElapsedSeconds: Double
    /// The built-in server's DEFLATE library (`--deflate-impl` it was started with, or `auto`; nil
    /// against an external server).
    var serverDeflateLibrary: String? = nil
    /// What the environment did during the run (scheduling figures from `/proc`).
    var disturbance: RunDisturbance? = nil
    /// Why the run counts as disturbed under the sweep's ``DisturbanceRule`` (empty: it does not).
    var disturbedReasons: [String] = []

    var messagesPerSecond: Double { result.messagesPerSecond }

    /// Open loop: the load generator's own send lag p99 in µs (nil in closed loop: none is measured).
    var sendLagP99Microseconds: Double? {
        result.sendLag.totalCount > 0 ? Double(result.sendLag.valueAtPercentile(99)) / 1000 : nil
    }

    /// Server CPU microseconds per echoed message (all messages of the run, warm-up included, as the
    /// CPU time covers the whole run).
    var serverMicrosecondsPerMessage: Double? {
        guard let cpu = serverCPUNanoseconds, result.counters.messagesReceived > 0 else { return nil }
        return Double(cpu) / 1000 / Double(result.counters.messagesReceived)
    }

    var serverCPUPercent: Double? {
        guard let cpu = serverCPUNanoseconds, serverElapsedSeconds > 0 else { return nil }
        return Double(cpu) / 1e9 / serverElapsedSeconds * 100
    }

    /// Original payload bytes per byte written on the wire (frame headers and handshakes included):
    /// about 1 without compression, > 1 when compression pays.
    var compressionRatio: Double {
        let written = result.counters.bytesWritten
        guard written > 0 else { return 0 }
        let payload = result.configuration.sizes.first ?? 0
        return Double(result.counters.messagesSent * payload) / Double(written)
    }
}
