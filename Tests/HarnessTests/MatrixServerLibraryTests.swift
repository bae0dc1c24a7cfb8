import BenchSupport
import Glibc
@testable import Harness
import LoadGenerator
import Testing

/// The server-library axis: a compression value's `-zlib`/`-isal`/`-libdeflate` suffix picks the
/// built-in server's DEFLATE library for its cells (one server per library); the load generator's is
/// the sweep's (`matrix --deflate-impl`, automatic by default).
@Suite struct MatrixServerLibraryTests {
    static func configuration(_ compressions: [String]) -> MatrixConfiguration {
        var configuration = MatrixConfiguration()
        configuration.compressions = compressions.compactMap(CompressionSetting.init)
        configuration.serverCPUs = []
        configuration.loadCPUs = []
        return configuration
    }

    @Test("the load's library is automatic unless the sweep sets it, whatever the cell's suffix")
    func loadLibraryIsTheSweeps() throws {
        var configuration = Self.configuration(["on-zlib"])
        #expect(configuration.loadDeflateImplementation == nil)
        let target = try #require(TargetURL("ws://127.0.0.1:9/echo"))
        let cell = try #require(configuration.cells.first)
        let automatic = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: "/nonexistent")) { _ in }
        #expect(automatic.loadConfiguration(for: cell, target: target).compression != nil)
        #expect(automatic.loadConfiguration(for: cell, target: target).compression?.implementation == nil)
        configuration.loadDeflateImplementation = .isal
        let chosen = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: "/nonexistent")) { _ in }
        #expect(chosen.loadConfiguration(for: cell, target: target).compression?.implementation == .isal)
        let off = try #require(Self.configuration(["off"]).cells.first)
        #expect(chosen.loadConfiguration(for: off, target: target).compression == nil)
    }

    @Test("a library suffix against --url is refused before anything is written, pointing to --deflate-impl")
    func suffixRefusedWithURL() throws {
        var configuration = Self.configuration(["on", "on-isal"])
        configuration.target = TargetURL("ws://127.0.0.1:9/echo")
        let problem = try #require(configuration.compressionProblem)
        #expect(problem.contains("on-isal") && problem.contains("--url") && problem.contains("--deflate-impl"))
        let path = "/tmp/wsbench-matrix-url-suffix-\(getpid())"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: path)) { _ in }
        let error = #expect(throws: HarnessError.self) { try runner.run() }
        #expect(error?.description == problem)
        #expect(access(path, F_OK) != 0, "nothing written")
        configuration.compressions = [.off, .on]
        #expect(configuration.compressionProblem == nil)
    }

    @Test("a library suffix and --server-arg=--deflate-impl together are refused; either alone is fine")
    func suffixAndServerArgumentConflict() throws {
        for arguments in [["--deflate-impl=zlib"], ["--deflate-impl", "zlib"]] {
            var configuration = Self.configuration(["off", "on-isal"])
            configuration.serverArguments = arguments
            configuration.executable = "/nonexistent/wsbench"
            let problem = try #require(configuration.compressionProblem, "\(arguments)")
            #expect(problem.contains("on-isal") && problem.contains("--server-arg=--deflate-impl"))
            let directory = ResultDirectory(path: "/nonexistent/wsbench-results")
            let runner = MatrixRunner(configuration: configuration, directory: directory) { _ in }
            let error = #expect(throws: HarnessError.self) { try runner.run() }
            #expect(error?.description == problem)
            configuration.compressions = [.off, .on]
            #expect(configuration.compressionProblem == nil, "the server argument alone sets the whole sweep's")
        }
        #expect(ServerUnderTest.deflateLibrary(in: ["--deflate-impl=isal"]) == "isal")
        #expect(ServerUnderTest.deflateLibrary(in: ["--keep-alive", "5", "--deflate-impl", "libdeflate"]) == "libdeflate")
        #expect(ServerUnderTest.deflateLibrary(in: ["--no-compress-replies"]) == nil)
    }

    @Test("on-zlib,on-isal: each cell is served by a built-in server started with that library")
    func sweepStartsOneServerPerLibrary() throws {
        let executable = try #require(MatrixTransportTests.wsbench(), 
            "wsbench must be built next to the tests (swift build --build-tests)")
        var configuration = Self.configuration(["on-zlib", "on-isal"])
        configuration.executable = executable
        configuration.loadDeflateImplementation = .zlib
        configuration.sizes = [512]
        configuration.connections = [2]
        configuration.repeats = 1
        configuration.durationSeconds = 0.5
        configuration.warmupSeconds = 0
        let path = "/tmp/wsbench-matrix-libraries-\(getpid())"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: path)) { _ in }
        #expect(try runner.run())
        let summary = try CSVTable.read(path + "/summary.csv")
        let cells = ["closed1-c2-s512-binary-ticks-on-zlib", "closed1-c2-s512-binary-ticks-on-isal"]
        #expect(summary.rows.map { $0["cell"] } == cells)
        #expect(summary.rows.map { $0["compression"] } == ["on-zlib", "on-isal"])
        #expect(summary.rows.map { $0["server_deflate_impl"] } == ["zlib", "isal"])
        #expect(summary.rows.map { $0["load_deflate_impl"] } == ["zlib", "zlib"])
        for row in summary.rows {
            #expect(row["errors"] == "0")
            #expect((Double(row["server_us_per_msg"] ?? "") ?? 0) > 0, "the cell's server CPU was read")
        }
        // Each library's server printed its own counters at the end: each echoed its cell's messages.
        for library in ["zlib", "isal"] {
            let counters = try FileSystem.read(path + "/server-\(library)-counters.json")
            let after = counters.split(separator: "\"messages_echoed\":").dropFirst().first
            let echoed = after.map { Int($0.prefix { $0.isNumber }) ?? 0 } ?? 0
            #expect(echoed > 0, "server-\(library) echoed messages")
        }
        #expect(access(path + "/server-counters.json", F_OK) != 0, "no server with the automatic library was started")
        let round = try FileSystem.read(path + "/cells/\(cells[1])/round-1.json")
        #expect(round.contains("\"library\":\"zlib\""), "the load's library is the sweep's")
    }
}
