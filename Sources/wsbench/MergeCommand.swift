import ArgumentParser
import BenchSupport
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

    @Argument(help: "The shards' JSON result files (wsbench load --shard I/N --json FILE).")
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

    func run() throws {
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
