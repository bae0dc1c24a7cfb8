/// Which slice of a whole test this process runs: shard `index` of `count` (`--shard I/N`).
///
/// Connection numbers are run-wide: the single process that ran the whole test would number its
/// connections 0..<C; shard *i* of *N* runs the connections whose number *n* has `n % N == i`, so
/// the shards' sequence stamps (`n << 40 | message`) are disjoint, the payload sizes, target and
/// source addresses each connection gets are the ones the single process would have given it, and
/// each shard's share of the open-loop rate is its share of the connections.
public struct ShardSpec: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// This shard, 0..<count.
    public var index: Int
    /// Shards in the whole test (≥ 1).
    public var count: Int

    /// The whole test in one process (shard 0 of 1).
    public static let whole = ShardSpec(uncheckedIndex: 0, count: 1)

    /// Shard `index` of `count`; throws when `count < 1` or `index` is outside 0..<count.
    public init(index: Int, count: Int) throws(ShardSpecError) {
        guard count >= 1 else { throw .countBelowOne(count) }
        guard index >= 0 && index < count else { throw .indexOutOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (`3/4`), as `--shard` takes it.
    public static func parse(_ text: String) throws(ShardSpecError) -> ShardSpec {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw .malformed(text) }
        return try ShardSpec(index: index, count: count)
    }

    /// Whether this is the whole test (not sharded).
    public var isWhole: Bool { count == 1 }

    /// The connections of a `total`-connection test this shard runs: `total / count`, one more for
    /// the first `total % count` shards.
    public func connections(ofTotal total: Int) -> Int {
        total / count + (index < total % count ? 1 : 0)
    }

    /// The run-wide number of this shard's `local`-th connection.
    @inlinable
    public func connectionNumber(local: Int) -> Int { local * count + index }

    /// The part of an open-loop step by which a thread's schedule is offset, so that the messages of
    /// thread `thread` of `threads` on every shard interleave: the union of all shards' due times is
    /// the schedule one process with `threads × count` threads would follow.
    public func phase(thread: Int, threads: Int) -> Double {
        Double(thread * count + index) / Double(threads * count)
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
