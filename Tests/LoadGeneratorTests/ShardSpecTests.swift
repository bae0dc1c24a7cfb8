@testable import LoadGenerator
import Testing

@Suite("Shard spec")
struct ShardSpecTests {
    @Test("--shard I/N parses, and bad values are refused with a message that says why")
    func parsing() throws {
        #expect(try ShardSpec.parse("3/4") == ShardSpec(index: 3, count: 4))
        #expect(try ShardSpec.parse("0/1").isWhole)
        #expect(throws: ShardSpecError.indexOutOfRange(index: 4, count: 4)) { try ShardSpec.parse("4/4") }
        #expect(throws: ShardSpecError.indexOutOfRange(index: -1, count: 4)) { try ShardSpec.parse("-1/4") }
        #expect(throws: ShardSpecError.countBelowOne(0)) { try ShardSpec.parse("0/0") }
        for bad in ["", "1", "1/", "/4", "a/4", "1/4/2", "1.5/4"] {
            #expect(throws: ShardSpecError.malformed(bad)) { try ShardSpec.parse(bad) }
        }
        #expect(ShardSpecError.indexOutOfRange(index: 4, count: 4).description.contains("0...3"))
    }

    @Test("the shards' connections are disjoint, cover the whole test, and differ in size by at most one")
    func connectionsPartition() throws {
        for (total, count) in [(10, 3), (100_000, 4), (7, 7), (5, 1)] {
            var seen: [Int] = []
            var sizes: [Int] = []
            for index in 0..<count {
                let shard = try ShardSpec(index: index, count: count)
                let n = shard.connections(ofTotal: total)
                sizes.append(n)
                seen += (0..<n).map { shard.connectionNumber(local: $0) }
            }
            #expect(seen.sorted() == Array(0..<total))
            #expect(sizes.max()! - sizes.min()! <= 1)
        }
    }

    @Test("the sequence stamps of two shards never collide")
    func stampsDisjoint() throws {
        let a = try ShardSpec(index: 0, count: 2), b = try ShardSpec(index: 1, count: 2)
        let stampsA = Set((0..<50).flatMap { c in (0..<20).map { SequenceStamp.value(connection: UInt64(a.connectionNumber(local: c)), message: UInt64($0)) } })
        let stampsB = Set((0..<50).flatMap { c in (0..<20).map { SequenceStamp.value(connection: UInt64(b.connectionNumber(local: c)), message: UInt64($0)) } })
        #expect(stampsA.count == 1000 && stampsB.count == 1000)
        #expect(stampsA.isDisjoint(with: stampsB))
    }

    @Test("a test with fewer connections than shards is refused for the shards that would get none")
    func tooFewConnections() throws {
        var c = LoadConfiguration(target: TargetURL("ws://127.0.0.1:9/")!)
        c.connections = 3
        c.shard = try ShardSpec(index: 3, count: 4)
        #expect(c.validate()?.contains("leave shard 3 none") == true)
        c.shard = try ShardSpec(index: 2, count: 4)
        #expect(c.validate() == nil)
        #expect(c.shardConnections == 1)
    }

    /// Due times of every thread of every shard within `seconds`.
    func dues(rate: Double, connections: Int, threads: Int, shards: Int, seconds: Double) throws -> [Int64] {
        var all: [Int64] = []
        for index in 0..<shards {
            let shard = try ShardSpec(index: index, count: shards)
            let plan = LoadPlan(start: 0, measureFrom: 0, sendUntil: .max, reportInterval: 1, threads: threads, addresses: [], shard: shard)
            for thread in 0..<threads {
                let slots = plan.slotCount(thread: thread, connections: shard.connections(ofTotal: connections))
                let schedule = OpenLoopSchedule(
                    start: 0, rate: rate, slots: slots, connections: connections, thread: thread, threads: threads, shard: shard)
                var n: UInt64 = 0
                while Double(schedule.due(n)) < seconds * 1e9 {
                    all.append(schedule.due(n))
                    n += 1
                }
            }
        }
        return all.sorted()
    }

    @Test("the shards' open-loop schedules interleave into the schedule of one process with all their threads")
    func schedulesInterleave() throws {
        let rate = 8_000.0
        let sharded = try dues(rate: rate, connections: 96, threads: 3, shards: 4, seconds: 0.5)
        let single = try dues(rate: rate, connections: 96, threads: 12, shards: 1, seconds: 0.5)
        #expect(sharded.count == single.count)
        #expect(zip(sharded, single).allSatisfy { abs($0 - $1) <= 1 })
        // Evenly spaced at the total rate: 125 µs apart (±1 ns of rounding).
        let gaps = zip(sharded.dropFirst(), sharded).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - 125_000) <= 1 })
    }

    @Test("--start-at and --start-in resolve to a wall-clock time; past, negative or both are refused")
    func startTimes() throws {
        #expect(try ShardStart.resolve(at: nil, in: nil, now: 1000) == nil)
        #expect(try ShardStart.resolve(at: 1030, in: nil, now: 1000) == ShardStart(wallClock: 1030))
        #expect(try ShardStart.resolve(at: nil, in: 5, now: 1000) == ShardStart(wallClock: 1005))
        #expect(try ShardStart.resolve(at: 998, in: nil, now: 1000)?.secondsToWait(now: 1000) == 0)
        #expect(throws: ShardSpecError.startInThePast(secondsAgo: 60, tolerance: ShardStart.defaultTolerance)) {
            try ShardStart.resolve(at: 940, in: nil, now: 1000)
        }
        #expect(throws: ShardSpecError.startTooFarAhead(seconds: 1_796_182_000_000 - 1000)) {
            try ShardStart.resolve(at: 1_796_182_000_000, in: nil, now: 1000)  // milliseconds by mistake
        }
        #expect(throws: ShardSpecError.bothStartOptions) { try ShardStart.resolve(at: 1030, in: 5, now: 1000) }
        #expect(throws: ShardSpecError.invalidStartTime("-1.0")) { try ShardStart.resolve(at: nil, in: -1, now: 1000) }
        #expect(throws: ShardSpecError.invalidStartTime("nan")) { try ShardStart.resolve(at: .nan, in: nil, now: 1000) }
        #expect(ShardSpecError.startInThePast(secondsAgo: 60, tolerance: 5).description.contains("60.0 s in the past"))
    }

    @Test("the recorded command line hides header values, and the per-shard options can be taken out")
    func commandLine() {
        let arguments = ["load", "ws://h/", "--header", "Authorization: Bearer secret", "--header=Cookie: a=b", "--shard", "1/4",
                         "--start-at=123", "--json", "s1.json", "--rate", "100"]
        let redacted = ShardCommandLine.redacted(arguments)
        #expect(!redacted.joined().contains("secret") && !redacted.joined().contains("a=b"))
        #expect(redacted.contains("Authorization: (redacted)") && redacted.contains("--header=Cookie: (redacted)"))
        #expect(ShardCommandLine.withoutPerShardOptions(redacted) == ["load", "ws://h/", "--header", "Authorization: (redacted)", "--header=Cookie: (redacted)", "--rate", "100"])
    }
}
