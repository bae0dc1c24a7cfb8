#if canImport(Glibc)
import Glibc
#endif

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
        if let json, let problem = ResultFiles.write(json, result.json(environment: environment)) {
            problems.append(problem)
        }
        if let csv {
            let isNew = access(csv, F_OK) != 0
            let text = (isNew ? LoadResult.csvHeader + "\n" : "") + result.csvRow + "\n"
            if let problem = ResultFiles.write(csv, text, append: true) { problems.append(problem) }
        }
        if let histogramLog, let problem = ResultFiles.write(histogramLog, result.histogramLog) {
            problems.append(problem)
        }
        return problems
    }

    /// Writes (or appends) `text` to `path`; a message if that failed.
    static func write(_ path: String, _ text: String, append: Bool = false) -> String? {
        guard let file = fopen(path, append ? "a" : "w") else {
            return "cannot write \(path): \(String(cString: strerror(errno)))"
        }
        var copy = text
        let written = copy.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file) == 0
        guard written == text.utf8.count && closed else {
            return "cannot write \(path): \(String(cString: strerror(errno)))"
        }
        return nil
    }
}
