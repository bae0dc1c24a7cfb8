import EpollIO

/// The times, shares and addresses every thread of a run works from, fixed before the threads start.
struct LoadPlan: Sendable {
    /// The run's start (`MonotonicClock.nanoseconds()`).
    var start: Int64
    /// Messages sent (or due) before this are warm-up: verified but not counted or timed.
    var measureFrom: Int64
    /// No message is sent (or due) from this time on (`Int64.max` in message-count mode).
    var sendUntil: Int64
    /// The report interval in nanoseconds.
    var reportInterval: Int64
    var threads: Int
    /// Where connections go (``TargetAddresses``); empty when the host name did not resolve.
    var addresses: [SocketAddress]
    /// The slice of the whole test this process runs (connection numbers are the whole test's).
    var shard: ShardSpec = .whole

    /// The address connection `number` goes to (the addresses in turn).
    func address(connection number: Int) -> SocketAddress { addresses[number % addresses.count] }

    /// The connections thread `thread` owns.
    func slotCount(thread: Int, connections: Int) -> Int {
        connections / threads + (thread < connections % threads ? 1 : 0)
    }

    /// The run-wide number of slot `slot` of thread `thread`.
    func connectionNumber(thread: Int, slot: Int) -> Int { shard.connectionNumber(local: slot * threads + thread) }

    /// Messages connection `number` sends when `total` messages are spread over `connections`.
    static func quota(total: Int, connections: Int, number: Int) -> Int {
        total / connections + (number < total % connections ? 1 : 0)
    }
}
