/// One reason why a set of shard results is not one whole test, as ``ShardMerge`` reports it.
public enum ShardMergeProblem: Equatable, Sendable, CustomStringConvertible {
    /// No result given.
    case noResults
    /// The results disagree on N.
    case shardCountsDiffer([String: Int])
    /// A result's configuration differs from the first one's (apart from per-machine keys).
    case configurationDiffers(file: String, reference: String, key: String, value: String, referenceValue: String)
    /// Shard `index` given more than once.
    case duplicateShard(index: Int, files: [String])
    /// Shards absent from 0..<count.
    case missingShards([Int], count: Int)
    /// The actual starts spread wider than the tolerance.
    case startsTooFarApart(spread: Double, tolerance: Double, earliest: String, latest: String)

    public var description: String {
        switch self {
        case .noResults:
            return "no shard results given"
        case .shardCountsDiffer(let counts):
            let list = counts.sorted { $0.key < $1.key }.map { "\($0.key) says N=\($0.value)" }.joined(separator: ", ")
            return "the results are not of one test: they disagree on the number of shards (\(list))"
        case .configurationDiffers(let file, let reference, let key, let value, let referenceValue):
            return "\(file) is not of the same test as \(reference): configuration.\(key) is \(value) there, \(referenceValue) in \(reference)"
        case .duplicateShard(let index, let files):
            return "shard \(index) is given \(files.count) times (\(files.joined(separator: ", "))): each shard must be merged once"
        case .missingShards(let missing, let count):
            return "shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of 0...\(count - 1) \(missing.count == 1 ? "is" : "are") missing: merge all \(count) shards' results"
        case .startsTooFarApart(let spread, let tolerance, let earliest, let latest):
            return "the shards started \(ShardSpecError.seconds(spread)) s apart (\(earliest) first, \(latest) last), more than the \(ShardSpecError.seconds(tolerance)) s tolerance: they did not run together (clocks not synchronised, or a pod started late?); --start-tolerance raises it"
        }
    }
}

/// The problems that stopped a merge (all of them, not only the first).
public struct ShardMergeError: Error, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var problems: [ShardMergeProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
