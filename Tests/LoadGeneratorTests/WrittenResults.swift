import BenchSupport
import Glibc
import LoadGenerator

/// A result written through ``ResultFiles`` (what `wsbench load --json --csv --hlog` uses) into a
/// fresh temporary directory and read back; the directory is removed again.
struct WrittenResults {
    var json = ""
    var csv = ""
    var histogramLog = ""
    /// Problems ``ResultFiles/write(_:environment:)`` reported (none expected).
    var problems: [String] = []

    init(_ result: LoadResult) {
        var template = Array("/tmp/wsbench-results-XXXXXX".utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            problems = ["mkdtemp failed"]
            return
        }
        let files = ResultFiles(json: directory + "/r.json", csv: directory + "/r.csv", histogramLog: directory + "/r.hlog")
        problems = files.write(result, environment: .current())
        json = (try? FileSystem.read(files.json!)) ?? ""
        csv = (try? FileSystem.read(files.csv!)) ?? ""
        histogramLog = (try? FileSystem.read(files.histogramLog!)) ?? ""
        for path in [files.json!, files.csv!, files.histogramLog!] { unlink(path) }
        rmdir(directory)
    }

    /// The latencies in the `.hlog`, summed over its intervals (nil if it does not parse).
    var loggedLatencyCount: UInt64? {
        guard let parsed = HistogramLog.parse(histogramLog) else { return nil }
        return parsed.intervals.reduce(0) { $0 + $1.histogram.totalCount }
    }

    /// The CSV's data row as fields by header name (the files hold one row).
    var csvFields: [String: String] {
        let lines = csv.split(separator: "\n")
        guard lines.count == 2 else { return [:] }
        // No field here holds a comma inside quotes except compression_accepted, which is "none".
        let names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(names, values))
    }
}
