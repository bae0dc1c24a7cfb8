/// How an open-loop thread waits for its next message's due time (`wsbench load --timer`).
public enum OpenLoopTimer: String, Sendable, CaseIterable {
    /// Sleep on the timerfd until ``LoadConfiguration/openLoopSpinMarginMicroseconds`` before the
    /// due time, then poll epoll without blocking (echoes are still read) until the clock reaches it;
    /// the thread also polls instead of sleeping while echoes are awaited, so neither a send nor an
    /// echo waits for a wake-up. Costs CPU on the load generator's cores; measures like a busy-polling
    /// client.
    case precise
    /// Sleep on the timerfd until the due time (wrk2-like): cheaper, but every message goes out a
    /// wake-up late and every echo waits for one, which the latency then includes.
    case timerfd
}
