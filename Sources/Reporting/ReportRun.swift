import BenchSupport

/// One result directory of `wsbench matrix`, read back for the HTML report: its environment, the
/// cell table, each cell's merged latency distribution and the error kinds its rounds counted.
public struct ReportRun: Sendable {
    /// The name shown for the run (the directory's last component unless given).
    public var label: String
    public var path: String
    /// `environment.json` (null when the file is missing).
    public var environment: JSONValue
    /// `summary.csv`.
    public var summary: CSVTable
    /// Per cell: (percentile, latency µs) from `cells/CELL.json` (`latency_us.distribution`).
    public var distributions: [String: [(percentile: Double, microseconds: Double)]]
    /// Per cell: error kind → count summed over its rounds (`cells/CELL/round-N.json`, `errors`), kinds
    /// with a count only.
    public var errorKinds: [String: [String: Int]]

    /// Reads the result directory at `path`; only `summary.csv` is required.
    public init(path: String, label: String? = nil) throws(ReportError) {
        self.path = path
        var name = path
        while name.hasSuffix("/") && name.count > 1 { name.removeLast() }
        self.label = label ?? String(name.split(separator: "/").last ?? Substring(name))
        do {
            summary = try CSVTable.read(path + "/summary.csv")
        } catch {
            throw ReportError("\(path): no readable summary.csv (\(error)); give result directories of wsbench matrix")
        }
        environment = (try? FileSystem.read(path + "/environment.json")).flatMap { try? JSONValue.parse($0) } ?? .null
        distributions = [:]
        errorKinds = [:]
        for row in summary.rows {
            guard let cell = row["cell"] else { continue }
            if let text = try? FileSystem.read(path + "/cells/" + cell + ".json"), let json = try? JSONValue.parse(text),
               let points = json["latency_us"]?["distribution"]?.array {
                distributions[cell] = points.compactMap { point in
                    guard let pair = point.array, pair.count == 2, let p = pair[0].double, let v = pair[1].double else { return nil }
                    return (p, v)
                }
            }
            var kinds: [String: Int] = [:]
            let rounds = (try? FileSystem.directoryEntries(path + "/cells/" + cell)) ?? []
            for round in rounds where round.hasSuffix(".json") {
                guard let text = try? FileSystem.read(path + "/cells/" + cell + "/" + round), let json = try? JSONValue.parse(text),
                      let errors = json["errors"]?.members else { continue }
                for (kind, count) in errors where kind != "total" {
                    if let n = count.double, n > 0 { kinds[kind, default: 0] += Int(n) }
                }
            }
            errorKinds[cell] = kinds
        }
    }

    /// The cells in file order.
    public var cellNames: [String] { summary.rows.compactMap { $0["cell"] } }

    /// The row of `cell`.
    public func row(_ cell: String) -> [String: String]? { summary.rows.first { $0["cell"] == cell } }

    /// A figure of `cell` as a number (nil when absent or empty).
    public func value(_ cell: String, _ column: String) -> Double? { row(cell)?[column].flatMap(Double.init) }

    /// Load-generator CPU µs per echoed message, from CPU % and messages/s (the CPU share covers the
    /// whole run, connects and drain included, so this slightly overstates the steady state).
    public func loadMicrosecondsPerMessage(_ cell: String) -> Double? {
        guard let cpu = value(cell, "load_cpu_pct"), let rate = value(cell, "msgs_per_s"), rate > 0 else { return nil }
        return cpu / 100 * 1e6 / rate
    }
}

/// A report that cannot be made, in words.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
