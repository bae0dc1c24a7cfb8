import BenchSupport
import Glibc
@testable import LoadGenerator
import Testing

@Suite("Shard merge")
struct ShardMergeTests {
    static let target = TargetURL("ws://127.0.0.1:9/ws")!

    /// A shard's configuration of a 3-shard, 30-connection open-loop test.
    static func configuration(shard: Int, of count: Int = 3, rate: Double = 300) throws -> LoadConfiguration {
        var c = LoadConfiguration(target: target)
        c.connections = 30
        c.mode = .openLoop(messagesPerSecond: rate)
        c.shard = try ShardSpec(index: shard, count: count)
        c.keepIntervalHistograms = true
        return c
    }

    /// Shard results with random latencies (a long tail), and the histogram of all their samples.
    static func shards(count: Int = 3, start: Double = 1_800_000_000) throws -> ([ShardResult], LatencyHistogram) {
        var random = SplitMix64(seed: 42)
        var all = LatencyHistogram.makeLatency()
        var shards: [ShardResult] = []
        for index in 0..<count {
            var r = LoadResult(configuration: try configuration(shard: index, of: count))
            let samples = 5_000 + index * 1_000
            for k in 0..<samples {
                // 50 µs … 50 ms, log-uniform: many buckets, different per shard.
                let exponent = Double(random.next() % 10_000) / 10_000 * 3
                let value = Int64(50_000 * pow(10, exponent)) + Int64(index * 7)
                r.latency.recordLatency(value)
                all.recordLatency(value)
                r.sendLag.recordLatency(value / 100)
                let interval = k * 3 / samples
                while r.intervals.count <= interval { r.intervals.append(nil) }
                if r.intervals[interval] == nil { r.intervals[interval] = .makeLatency() }
                r.intervals[interval]!.recordLatency(value)
            }
            r.connectTime.recordLatency(Int64(100_000 + index))
            r.counters.connectionsAttempted = 10
            r.counters.connectionsOpened = 10
            r.counters.messagesSent = samples
            r.counters.messagesReceived = samples
            r.counters.measuredMessagesSent = samples
            r.counters.measuredMessagesReceived = samples
            r.counters.measuredPayloadBytes = samples * 20
            if index == 1 { r.counters.count(.scheduleOverflow, 2) }
            r.startWallClock = start + Double(index) * 0.002
            r.requestedStart = start
            r.startMonotonicNanoseconds = 1_000_000 * Int64(index)
            r.elapsedSeconds = 3.5
            r.measuredSeconds = 3
            r.cpuSeconds = 0.5
            r.threads = 1
            r.notes = index == 2 ? ["a note"] : []
            shards.append(ShardResult(file: "s\(index).json", result: r))
        }
        return (shards, all)
    }

    @Test("merged percentiles are those of all shards' samples together, and counters are sums")
    func exactMerge() throws {
        let (shards, all) = try Self.shards()
        let merged = try ShardMerge(shards)
        let r = merged.result
        #expect(r.latency == all)
        for p in LoadResult.percentiles + [0, 25, 75, 100] {
            #expect(r.latency.valueAtPercentile(p) == all.valueAtPercentile(p))
        }
        #expect(r.latency.totalCount == 18_000)
        #expect(r.counters.measuredMessagesReceived == shards.map(\.result.counters.measuredMessagesReceived).reduce(0, +))
        #expect(r.counters.connectionsOpened == 30)
        #expect(r.counters[.scheduleOverflow] == 2)
        #expect(r.connectTime.totalCount == 3)
        #expect(r.sendLag.totalCount == 18_000)
        #expect(r.configuration.shard.isWhole)
        #expect(r.threads == 3)
        #expect(abs(merged.startSpread - 0.004) < 1e-6)
        #expect(r.notes.contains("a note"))
        // Intervals: added interval by interval (the starts are 2 ms apart, well inside one interval).
        #expect(r.intervals.count == 3)
        #expect(r.intervals.compactMap { $0?.totalCount }.reduce(0, +) == 18_000)
        #expect(merged.shardTable.split(separator: "\n").count == 4)
        #expect(merged.shardCSV.split(separator: "\n").count == 4)
    }

    @Test("a result file round-trips: merging the parsed files gives the same histograms as merging the runs")
    func roundTripThroughFiles() throws {
        let (shards, all) = try Self.shards()
        let environment = RunEnvironment(hostname: "h", kernel: "k", cpuModel: "c", onlineCPUs: 2, maskingKernel: "m")
        let parsed = try shards.map { try ShardResult.parse($0.result.json(environment: environment), file: $0.file) }
        for (a, b) in zip(shards, parsed) {
            #expect(a.result.latency == b.result.latency)
            #expect(a.result.sendLag == b.result.sendLag)
            #expect(a.result.counters == b.result.counters)
            #expect(a.result.intervals.map { $0?.totalCount } == b.result.intervals.map { $0?.totalCount })
            #expect(a.shard == b.shard)
            #expect(a.clock.wallClock == b.clock.wallClock)
            #expect(a.identity == b.identity)
        }
        let merged = try ShardMerge(parsed)
        #expect(merged.result.latency == all)
        // The merged result writes the same files as one run.
        let json = try JSONValue.parse(merged.result.json(environment: environment))
        #expect(json["results"]?["measured_messages_echoed"]?.int == 18_000)
        #expect(json["latency_ns"]?["p99"]?.int == Int(all.valueAtPercentile(99)))
        #expect(merged.result.histogramLog.contains("Tag=send_lag"))
    }

    @Test("a missing shard is refused, naming it")
    func missingShard() throws {
        let (shards, _) = try Self.shards()
        #expect(throws: ShardMergeError(problems: [.missingShards([1], count: 3)])) { try ShardMerge([shards[0], shards[2]]) }
    }

    @Test("a duplicated shard is refused, naming the files")
    func duplicateShard() throws {
        let (shards, _) = try Self.shards()
        var copy = shards[1]
        copy.file = "copy.json"
        #expect(throws: ShardMergeError(problems: [.duplicateShard(index: 1, files: ["s1.json", "copy.json"])])) {
            try ShardMerge(shards + [copy])
        }
        #expect(ShardMergeProblem.duplicateShard(index: 1, files: ["a", "b"]).description.contains("given 2 times"))
    }

    @Test("shards of another test (another rate, another N) are refused, saying what differs")
    func otherTest() throws {
        var (shards, _) = try Self.shards()
        var other = LoadResult(configuration: try Self.configuration(shard: 2, rate: 600))
        other.startWallClock = shards[2].result.startWallClock
        shards[2] = ShardResult(file: "other.json", result: other)
        let problems = ShardMerge.problems(shards)
        #expect(problems == [.configurationDiffers(file: "other.json", reference: "s0.json", key: "rate", value: "600.000", referenceValue: "300.000")])
        let (four, _) = try Self.shards(count: 4)
        let mixed = ShardMerge.problems([shards[0], shards[1], four[3]])
        #expect(mixed.contains(.shardCountsDiffer(["s0.json": 3, "s1.json": 3, "s3.json": 4])))
    }

    @Test("shards that did not start together are refused; the tolerance can be raised")
    func startSpread() throws {
        var (shards, _) = try Self.shards()
        shards[2].result.startWallClock += 3
        shards[2].clock.wallClock += 3
        let problems = ShardMerge.problems(shards)
        #expect(problems.count == 1)
        if case .startsTooFarApart(let spread, _, let earliest, let latest) = problems.first {
            #expect(abs(spread - 3.004) < 1e-6 && earliest == "s0.json" && latest == "s2.json")
        } else {
            Issue.record("expected startsTooFarApart, got \(problems)")
        }
        #expect(ShardMerge.problems(shards, startTolerance: 5).isEmpty)
        #expect(ShardMerge.problems([]) == [.noResults])
    }

    @Test("a file that is not a shard result is refused with a reason")
    func badFiles() {
        #expect(throws: ShardResultError.notALoadResult(file: "f")) { try ShardResult.parse("{\"tool\": \"x\"}", file: "f") }
        #expect(throws: ShardResultError.noShardRecord(file: "f")) { try ShardResult.parse("{\"tool\": \"wsbench load\"}", file: "f") }
        #expect(throws: (any Error).self) { try ShardResult.parse("{\"tool\": ", file: "f") }
    }

    @Test("two shards run for real against one server add up to the whole test's message count")
    func realShards() throws {
        let results = try withEchoServer { server in
            try (0..<2).map { index in
                var c = testConfiguration(port: server.port)
                c.connections = 5
                c.messageCount = 301
                c.mode = .openLoop(messagesPerSecond: 3_000)
                c.shard = try ShardSpec(index: index, count: 2)
                return try runLoad(c)
            }
        }
        #expect(results.map(\.counters.connectionsOpened) == [3, 2])
        #expect(results.allSatisfy { $0.counters.totalErrors == 0 && $0.isClean })
        let shards = results.enumerated().map { ShardResult(file: "s\($0.offset)", result: $0.element) }
        let merged = try ShardMerge(shards, startTolerance: 60)  // run one after the other here
        #expect(merged.result.counters.messagesSent == 301)
        #expect(merged.result.counters.messagesReceived == 301)
        #expect(merged.result.latency.totalCount == 301)
        #expect(merged.result.isClean)
    }
}
