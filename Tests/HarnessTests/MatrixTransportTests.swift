import BenchSupport
import Glibc
import Harness
import LoadGenerator
import Testing

/// The transport axis: a tiny sweep over ws and wss against the built-in server (`wsbench serve` as
/// a child, plain and `--tls-self-signed`), one size, one round of 1 s.
@Suite struct MatrixTransportTests {
    /// `wsbench` next to the running test bundle (built by `swift build --build-tests`).
    static func wsbench() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let bundle = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = String(bundle[..<(bundle.lastIndex(of: "/") ?? bundle.startIndex)]) + "/wsbench"
        return access(path, X_OK) == 0 ? path : nil
    }

    @Test("cells are named for their transport (ws keeps its old name)")
    func cellNames() {
        var configuration = MatrixConfiguration()
        configuration.sizes = [20]
        configuration.compressions = [.off]
        configuration.transports = [.ws, .wss]
        #expect(configuration.cells.map(\.name) == ["closed1-c100-s20-binary-ticks-off", "closed1-c100-s20-binary-ticks-off-wss"])
    }

    @Test("HTTP/2 transports sweep the streams-per-connection axis; ws and wss run once with 1")
    func http2CellNames() {
        var configuration = MatrixConfiguration()
        configuration.sizes = [20]
        configuration.compressions = [.off]
        configuration.transports = [.ws, .h2c, .h2]
        configuration.streamsPerConnection = [1, 10]
        #expect(configuration.cells.map(\.name) == [
            "closed1-c100-s20-binary-ticks-off",
            "closed1-c100-s20-binary-ticks-off-h2c", "closed1-c100-s20-binary-ticks-off-h2c-k10",
            "closed1-c100-s20-binary-ticks-off-h2", "closed1-c100-s20-binary-ticks-off-h2-k10",
        ])
        #expect(MatrixTransport.h2.scheme == "wss" && MatrixTransport.h2c.scheme == "ws")
        #expect(MatrixTransport.h2.isHTTP2 && !MatrixTransport.wss.isHTTP2)
    }

    @Test("--transports h2c,h2 with 4 streams per connection: clean cells against the built-in server's HTTP/2 half")
    func http2Sweep() throws {
        let executable = try #require(Self.wsbench(), "wsbench must be built next to the tests (swift build --build-tests)")
        var configuration = MatrixConfiguration()
        configuration.executable = executable
        configuration.transports = [.h2c, .h2]
        configuration.streamsPerConnection = [4]
        configuration.sizes = [64]
        configuration.compressions = [.off]
        configuration.connections = [2]
        configuration.repeats = 1
        configuration.durationSeconds = 1
        configuration.warmupSeconds = 0
        configuration.serverCPUs = []
        configuration.loadCPUs = []
        let path = "/tmp/wsbench-matrix-h2-\(getpid())"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: path)) { _ in }
        #expect(try runner.run())
        let summary = try CSVTable.read(path + "/summary.csv")
        #expect(summary.rows.map { $0["transport"] } == ["h2c", "h2"])
        #expect(summary.rows.map { $0["streams_per_connection"] } == ["4", "4"])
        for row in summary.rows {
            #expect(row["errors"] == "0")
            #expect((Double(row["msgs_per_s"] ?? "") ?? 0) > 0)
        }
    }

    @Test("--transports ws,wss: both cells run clean against the built-in server, the CSV has the transport")
    func tinySweep() throws {
        let executable = try #require(Self.wsbench(), "wsbench must be built next to the tests (swift build --build-tests)")
        var configuration = MatrixConfiguration()
        configuration.executable = executable
        configuration.transports = [.ws, .wss]
        configuration.sizes = [64]
        configuration.compressions = [.off]
        configuration.connections = [4]
        configuration.repeats = 1
        configuration.durationSeconds = 1
        configuration.warmupSeconds = 0
        configuration.serverCPUs = []
        configuration.loadCPUs = []
        let path = "/tmp/wsbench-matrix-transport-\(getpid())"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: path)) { _ in }
        #expect(try runner.run())
        let summary = try CSVTable.read(path + "/summary.csv")
        #expect(summary.rows.count == 2)
        #expect(summary.rows.map { $0["transport"] } == ["ws", "wss"])
        #expect(summary.rows.map { $0["cell"] } == ["closed1-c4-s64-binary-ticks-off", "closed1-c4-s64-binary-ticks-off-wss"])
        for row in summary.rows {
            #expect(row["errors"] == "0")
            #expect((Double(row["msgs_per_s"] ?? "") ?? 0) > 0)
        }
        let header = try FileSystem.read(path + "/summary.csv").split(separator: "\n").first ?? ""
        #expect(header.contains(",disturbed,transport,streams_per_connection,"))
        #expect(header.hasSuffix(",server_deflate_impl,load_deflate_impl"))
        #expect(summary.rows.allSatisfy { $0["server_deflate_impl"] == "" }, "no DEFLATE library in an uncompressed cell")
        #expect(try FileSystem.read(path + "/summary.md").contains("| transport |"))
    }
}
