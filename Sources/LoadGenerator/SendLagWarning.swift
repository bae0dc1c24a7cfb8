/// The check behind the send-lag warning of an open-loop run: the load generator's own lateness
/// (its send lag's p99) is more than a tenth of the latency it measured (p50), so the latencies
/// say as much about the load generator as about the server.
public enum SendLagWarning {
    /// Whether to warn, given the send lag's p99 and the latency's p50 (ns). No send lag recorded
    /// (closed loop) or no latency means no warning.
    public static func applies(sendLagP99: UInt64, latencyP50: UInt64) -> Bool {
        latencyP50 > 0 && sendLagP99 * 10 > latencyP50
    }
}
