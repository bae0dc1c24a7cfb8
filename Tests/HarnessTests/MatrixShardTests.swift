import BenchSupport
import EchoServer
import Glibc
import Harness
import LoadGenerator
import Testing

/// A sharded sweep for real: two shards (0/2 and 1/2) of a two-cell sweep run together against one
/// in-process server and are merged cell by cell, exactly; an incomplete set is refused.
@Suite struct MatrixShardTests {
    @Test func twoShardsOfASweepMergeExactly() throws {
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.port = 0
        serverConfiguration.threads = 1
        let server = try EchoServer.start(serverConfiguration)
        defer {
            server.stop()
            _ = server.wait()
        }
        var configuration = MatrixConfiguration()
        configuration.target = TargetURL("ws://127.0.0.1:\(server.port)\(ServerConfiguration.defaultPath)")
        configuration.sizes = [20, 200]
        configuration.content = .json
        configuration.compressions = [.off]
        configuration.connections = [4]
        configuration.repeats = 1
        configuration.durationSeconds = 1
        configuration.warmupSeconds = 0
        configuration.serverCPUs = []
        configuration.loadCPUs = []
        configuration.start = try ShardStart.resolve(at: nil, in: 0.5, now: SystemClock.wallSeconds())
        let temporary = try TemporaryDirectory(prefix: "wsbench-matrix-shard")
        defer { temporary.remove() }
        let base = temporary.path
        let directories = [base + "/shard-0", base + "/shard-1"]
        let outcomes = ShardOutcomes()
        func runShard(_ index: Int) {
            var c = configuration
            c.shard = try! ShardSpec(index: index, count: 2)
            let runner = MatrixRunner(configuration: c, directory: ResultDirectory(path: directories[index])) { _ in }
            do { outcomes.set(index, try runner.run() ? "clean" : "errors") } catch { outcomes.set(index, error.description) }
        }
        let other = startThread { runShard(1) }
        runShard(0)
        pthread_join(other, nil)
        #expect(outcomes.values == ["clean", "clean"])

        let merged = ResultDirectory(path: base + "/merged")
        #expect(try MatrixShardMerge.merge(directories, configuration: configuration, into: merged))
        let summary = try CSVTable.read(merged.path + "/summary.csv")
        #expect(summary.rows.count == 2)
        for cell in configuration.cells {
            let file = "/cells/\(cell.name)/round-1.json"
            let shards = try directories.map { try ShardResult.parse(try FileSystem.read($0 + file), file: $0 + file) }
            let whole = try ShardResult.parse(try FileSystem.read(merged.path + file), file: "merged")
            #expect(shards.map(\.shard.index).sorted() == [0, 1])
            #expect(shards.allSatisfy { $0.result.counters.measuredMessagesReceived > 0 })
            #expect(whole.shard == .whole)
            #expect(whole.result.counters.measuredMessagesReceived == shards.reduce(0) { $0 + $1.result.counters.measuredMessagesReceived })
            #expect(whole.result.counters.messagesSent == shards.reduce(0) { $0 + $1.result.counters.messagesSent })
            var union = LatencyHistogram.makeLatency()
            for shard in shards { union.add(shard.result.latency) }
            #expect(whole.result.latency == union, "the merged histogram is the union of the shards'")
            let row = try #require(summary.rows.first { $0["cell"] == cell.name })
            #expect(row["server_us_per_msg"] == "", "no server figures against an external target")
        }

        // One shard's directory alone is not the whole sweep.
        let refused = #expect(throws: HarnessError.self) {
            try MatrixShardMerge.merge([directories[0]], configuration: configuration, into: ResultDirectory(path: base + "/partial"))
        }
        #expect(refused?.description.contains("shard 1 of 0...1 is missing") == true)
        #expect(access(base + "/partial", F_OK) != 0, "nothing is written when refused")
    }

    @Test func shardsNeedAnExternalTargetAndAStart() {
        var configuration = MatrixConfiguration()
        configuration.shard = try! ShardSpec(index: 0, count: 2)
        configuration.start = try? ShardStart.resolve(at: nil, in: 0, now: SystemClock.wallSeconds())
        let builtIn = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: "/nonexistent/x")) { _ in }
        let builtInError = #expect(throws: HarnessError.self) { try builtIn.run() }
        #expect(builtInError?.description.contains("external target") == true)
        configuration.target = TargetURL("ws://127.0.0.1:9/")
        configuration.start = nil
        let noStart = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: "/nonexistent/x")) { _ in }
        let noStartError = #expect(throws: HarnessError.self) { try noStart.run() }
        #expect(noStartError?.description.contains("--start-at") == true)
    }

    @Test func cellsStartOnAFixedPeriod() {
        var configuration = MatrixConfiguration()
        configuration.warmupSeconds = 1
        configuration.durationSeconds = 5
        let schedule = MatrixShardSchedule(start: 1000, configuration: configuration)
        #expect(schedule.startOfRun(0) == 1000)
        #expect(schedule.startOfRun(3) == 1000 + 3 * (6 + MatrixShardSchedule.gapSeconds))
    }
}

/// What each shard's sweep ended with (written by its thread, read after the join).
final class ShardOutcomes: @unchecked Sendable {
    var values = ["", ""]
    func set(_ index: Int, _ value: String) { values[index] = value }
}

final class ThreadBody: @unchecked Sendable {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` on a new thread (joined by the caller).
func startThread(_ body: @escaping () -> Void) -> pthread_t {
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    pthread_create(&thread, nil, { raw in
        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
    }, box)
    return thread
}
