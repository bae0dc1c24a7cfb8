/// How messages are paced.
public enum LoadMode: Sendable, Equatable {
    /// Each connection keeps this many messages in flight: a new one is sent as soon as an echo
    /// arrives. Latency is measured from the actual send.
    case closedLoop(inFlight: Int)
    /// Messages are sent at this total rate (messages per second), spread evenly over connections
    /// and time; latency is measured from each message's *intended* send time (the wrk2 method), so
    /// a stalled server shows up in the latency instead of silently lowering the rate.
    case openLoop(messagesPerSecond: Double)
}
