/// The command line a shard records in its result, and the options that may differ between the
/// shards of one test.
public enum ShardCommandLine {
    /// `arguments` with the value of every `--header` replaced (header values are often credentials;
    /// the name is kept): `--header 'Authorization: Bearer x'` → `--header 'Authorization: (redacted)'`.
    public static func redacted(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var headerNext = false
        for argument in arguments {
            if headerNext {
                out.append(redactedField(argument))
                headerNext = false
            } else if argument.hasPrefix("--header=") {
                out.append("--header=" + redactedField(String(argument.dropFirst(9))))
            } else {
                out.append(argument)
                headerNext = argument == "--header"
            }
        }
        return out
    }

    static func redactedField(_ field: String) -> String {
        guard let colon = field.firstIndex(of: ":") else { return field }
        return field[..<colon] + ": (redacted)"
    }

    /// Options whose values are per shard or per machine, left out when the whole test's
    /// configuration is rebuilt from a shard's command line (each takes a value).
    public static let perShardOptions: Set<String> = ["--shard", "--start-at", "--start-in", "--json", "--csv", "--hlog"]

    /// `arguments` without ``perShardOptions`` (either `--option value` or `--option=value`).
    public static func withoutPerShardOptions(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if perShardOptions.contains(argument) { skipNext = true; continue }
            if let equals = argument.firstIndex(of: "="), perShardOptions.contains(String(argument[..<equals])) { continue }
            out.append(argument)
        }
        return out
    }
}
