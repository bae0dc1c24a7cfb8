import BenchSupport
import LoadGenerator

/// The shards of one sharded sweep (`wsbench matrix --shard I/N`) merged exactly: every cell's
/// every round is merged with ``ShardMerge`` (histograms added, counters summed, refused when the
/// shards are not all of one test) and written as a result directory in the layout of a single
/// matrix run. Server-side figures (CPU, RSS) are absent: a sharded sweep has an external target.
public enum MatrixShardMerge {
    /// Merges the shard directories `shards` of the sweep `configuration` into `output`; throws
    /// every problem found (each prefixed with its cell and round) before anything is written.
    /// Returns whether every merged run was clean.
    public static func merge(
        _ shards: [String], configuration: MatrixConfiguration, into output: ResultDirectory,
        startTolerance: Double = ShardMerge.defaultStartTolerance
    ) throws(HarnessError) -> Bool {
        guard configuration.target != nil else { throw HarnessError("a sharded sweep has an external target (--url)") }
        let cells = configuration.cells
        var problems: [String] = []
        var runs = [[CellRun]](repeating: [], count: cells.count)
        // The runner that would have run the sweep in one process: the whole test's load configurations.
        let runner = MatrixRunner(configuration: configuration, directory: output) { _ in }
        for round in 1...configuration.repeats {
            for (index, cell) in cells.enumerated() {
                var results: [ShardResult] = []
                for directory in shards {
                    let file = directory + "/cells/" + cell.name + "/round-\(round).json"
                    let text: String
                    do { text = try FileSystem.read(file) } catch {
                        problems.append("\(file): no result (the shard did not run this cell): \(error)")
                        continue
                    }
                    do { results.append(try ShardResult.parse(text, file: file)) } catch { problems.append(error.description) }
                }
                guard results.count == shards.count else { continue }
                var whole = runner.loadConfiguration(for: cell, target: configuration.target!)
                whole.threads = results.reduce(0) { $0 + $1.result.threads }
                whole.keepIntervalHistograms = results.allSatisfy { $0.result.configuration.keepIntervalHistograms }
                do {
                    let merged = try ShardMerge(results, configuration: whole, startTolerance: startTolerance)
                    runs[index].append(CellRun(result: merged.result, serverCPUNanoseconds: nil, serverResidentKiB: nil, serverElapsedSeconds: merged.result.elapsedSeconds))
                } catch {
                    problems += error.problems.map { "cell \(cell.name), round \(round): \($0)" }
                }
            }
        }
        guard problems.isEmpty else { throw HarnessError(problems.joined(separator: "\n")) }
        let environment = MatrixEnvironment.current()
        try output.prepare()
        try output.writeEnvironment(environment, configuration: configuration)
        for (index, cell) in cells.enumerated() {
            for (round, run) in runs[index].enumerated() {
                try output.writeRun(run, cell: cell, round: round + 1, environment: environment.machine, histogramLog: configuration.histogramLogs)
            }
        }
        let summaries = zip(cells, runs).map { CellSummary(cell: $0.0, runs: $0.1) }
        try output.writeSummary(summaries, server: configuration.target!.description, environment: environment, configuration: configuration)
        return runs.allSatisfy { $0.allSatisfy(\.result.isClean) }
    }
}
