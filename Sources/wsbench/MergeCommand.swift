import ArgumentParser
import BenchSupport
import Harness
import LoadGenerator

/// `wsbench merge`: the shards of one fleet test merged exactly into one result.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the JSON results of `wsbench load --shard I/N` runs exactly into the whole test's result.",
        discussion: """
            Histograms are added bucket by bucket (HdrHistogram), counters and errors summed: the merged \
            percentiles are those of all shards' samples together, never averages. The results must be all \
            N shards of one test (same configuration apart from threads, CPUs and source addresses; each \
            shard once; actual starts within --start-tolerance). Writes the same summary, JSON, CSV and \
            .hlog as one `wsbench load` run, and a table of the shards. Exits 0 when merged and clean, 1 \
            when merged but the test saw errors, 2 when the results cannot be merged.
            """)

    @Argument(help: "The shards' JSON result files (wsbench load --shard I/N --json FILE), or with --matrix their result directories.")
    var results: [String]
    @Option(help: "Seconds the shards' actual starts (wall clocks) may spread.")
    var startTolerance = ShardMerge.defaultStartTolerance
    @Option(help: "Write the merged result as JSON to this file.")
    var json: String?
    @Option(help: "Append the merged result as a CSV row to this file.")
    var csv: String?
    @Option(help: "Write the merged per-interval histograms to this .hlog (needs the shards run with --hlog).")
    var hlog: String?
    @Option(help: "Write the per-shard table as CSV to this file.")
    var shardCsv: String?
    @Flag(help: "The results are the directories of `wsbench matrix --shard I/N` runs: merge each cell's rounds and write a matrix result directory to --out.")
    var matrix = false
    @Option(help: "With --matrix: the merged result directory.")
    var out: String?

    func run() throws {
        if matrix { return try mergeMatrix() }
        var shards: [ShardResult] = []
        var unreadable = false
        for file in results {
            do {
                shards.append(try ShardResult.parse(try FileSystem.read(file), file: file))
            } catch {
                printError("wsbench merge: \(error)")
                unreadable = true
            }
        }
        if unreadable { throw ExitCode(2) }
        let merged: ShardMerge
        do {
            merged = try ShardMerge(shards, configuration: wholeConfiguration(shards), startTolerance: startTolerance)
        } catch {
            for problem in error.problems { printError("wsbench merge: \(problem)") }
            throw ExitCode(2)
        }
        var result = merged.result
        result.commandLine = ["merge"] + results
        print(result.summary)
        print("")
        print(merged.shardTable)
        if hlog != nil && !result.configuration.keepIntervalHistograms {
            printError("wsbench merge: --hlog: the shards kept no interval histograms (run them with --hlog)")
            throw ExitCode(2)
        }
        var problems = ResultFiles(json: json, csv: csv, histogramLog: hlog).write(result, environment: .current())
        if let shardCsv {
            do { try FileSystem.write(merged.shardCSV, to: shardCsv) } catch { problems.append(error.description) }
        }
        for problem in problems { printError("wsbench merge: \(problem)") }
        if !result.isClean || !problems.isEmpty { throw ExitCode(1) }
    }

    /// `--matrix`: the sweep rebuilt from the first shard's `shard.json`, every cell merged.
    func mergeMatrix() throws {
        guard let out else { throw ValidationError("--matrix needs --out DIR for the merged result directory") }
        guard json == nil, csv == nil, hlog == nil, shardCsv == nil else {
            throw ValidationError("--matrix writes a result directory (--out); --json/--csv/--hlog/--shard-csv are for load results")
        }
        guard let first = results.first else { throw ValidationError("no shard directories given") }
        let configuration: MatrixConfiguration
        do {
            let record = try JSONValue.parse(try FileSystem.read(first + "/shard.json"))
            guard record["tool"]?.string == "wsbench matrix", let line = record["command_line"]?.array?.compactMap(\.string),
                  line.first == "matrix" else {
                throw ValidationError("\(first)/shard.json is not the record of a `wsbench matrix --shard` run")
            }
            let arguments = ShardCommandLine.withoutPerShardOptions(Self.withoutOut(Array(line.dropFirst())))
            configuration = try MatrixCommand.parse(arguments).makeConfiguration()
        } catch {
            printError("wsbench merge: \(first): cannot rebuild the sweep: \(error)")
            throw ExitCode(2)
        }
        let clean: Bool
        do {
            clean = try MatrixShardMerge.merge(results, configuration: configuration, into: ResultDirectory(path: out), startTolerance: startTolerance)
        } catch {
            for line in error.description.split(separator: "\n") { printError("wsbench merge: \(line)") }
            throw ExitCode(2)
        }
        if let summary = try? FileSystem.read(out + "/summary.md") { print(summary) }
        printError("wsbench merge: merged \(results.count) shard directories into \(out) (no server figures: the target was external)")
        if !clean { throw ExitCode(1) }
    }

    /// `arguments` without `--out DIR` / `--out=DIR` (each shard's own result directory).
    static func withoutOut(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--out" { skipNext = true; continue }
            if argument.hasPrefix("--out=") { continue }
            out.append(argument)
        }
        return out
    }

    /// The whole test's configuration, rebuilt from the first shard's command line without its
    /// per-shard options; nil (the merge then uses what the result files record) when it does not
    /// parse here, e.g. a payload file or CA file that exists only on the load machines.
    func wholeConfiguration(_ shards: [ShardResult]) -> LoadConfiguration? {
        guard let first = shards.min(by: { $0.shard.index < $1.shard.index }), first.commandLine.first == "load" else { return nil }
        let arguments = ShardCommandLine.withoutPerShardOptions(Array(first.commandLine.dropFirst()))
        guard let command = try? LoadCommand.parse(arguments), var c = try? command.makeConfiguration() else {
            printError("wsbench merge: note: the shards' command line does not parse here; the summary shows only what the result files record")
            return nil
        }
        c.keepIntervalHistograms = first.result.configuration.keepIntervalHistograms
        c.threads = first.result.configuration.threads
        return c
    }
}
