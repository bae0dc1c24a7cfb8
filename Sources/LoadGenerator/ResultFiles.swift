import BenchSupport

/// The files a run's result goes to, as `wsbench load` writes them: the JSON result (replaced),
/// a CSV row (appended, after the header when the file is new) and the `.hlog` interval log
/// (replaced; needs ``LoadConfiguration/keepIntervalHistograms``). Any of them may be left out.
///
/// ```swift
/// let problems = ResultFiles(json: "r.json", csv: "runs.csv").write(result, environment: .current())
/// ```
public struct ResultFiles: Sendable {
    /// Where to write the JSON result, if anywhere.
    public var json: String?
    /// Where to append the CSV row, if anywhere.
    public var csv: String?
    /// Where to write the HdrHistogram interval log, if anywhere.
    public var histogramLog: String?

    /// The files to write; nil leaves one out.
    public init(json: String? = nil, csv: String? = nil, histogramLog: String? = nil) {
        self.json = json
        self.csv = csv
        self.histogramLog = histogramLog
    }

    /// Writes `result` to every file given, even after one fails; returns a message for each file
    /// that could not be written (empty when all were).
    public func write(_ result: LoadResult, environment: RunEnvironment) -> [String] {
        var problems: [String] = []
        func attempt(_ write: () throws -> Void) {
            do { try write() } catch { problems.append(String(describing: error)) }
        }
        if let json { attempt { try FileSystem.write(result.json(environment: environment), to: json) } }
        if let csv {
            let header = FileSystem.exists(csv) ? "" : LoadResult.csvHeader + "\n"
            attempt { try FileSystem.append(header + result.csvRow + "\n", to: csv) }
        }
        if let histogramLog { attempt { try FileSystem.write(result.histogramLog, to: histogramLog) } }
        return problems
    }
}
