import BenchSupport
import EchoServer
import Glibc
import Harness
import LoadGenerator
import Testing

/// A real (tiny) sweep against an in-process server: the result directory is complete and counts
/// what actually happened.
@Suite struct MatrixRunTests {
    @Test func tinySweepWritesACompleteResultDirectory() throws {
        var serverConfiguration = ServerConfiguration()
        serverConfiguration.port = 0
        serverConfiguration.threads = 1
        let server = try EchoServer.start(serverConfiguration)
        defer {
            server.stop()
            _ = server.wait()
        }
        var configuration = MatrixConfiguration()
        configuration.target = TargetURL("ws://127.0.0.1:\(server.port)\(ServerConfiguration.defaultPath)")
        configuration.sizes = [20, 2000]
        configuration.content = .json  // the cells below are named for it (the default is now ticks)
        configuration.compressions = [.off, .on]
        configuration.connections = [4]
        configuration.repeats = 2
        configuration.durationSeconds = 0.3
        configuration.warmupSeconds = 0.1
        configuration.serverCPUs = []
        configuration.loadCPUs = []
        configuration.realTime = false
        let path = "/tmp/wsbench-matrix-test-\(getpid())"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: path)) { _ in }
        let clean = try runner.run()
        #expect(clean)
        let summary = try CSVTable.read(path + "/summary.csv")
        #expect(summary.rows.count == 4)
        for row in summary.rows {
            #expect(row["repeats"] == "2")
            #expect(row["errors"] == "0")
            #expect((Double(row["msgs_per_s"] ?? "") ?? 0) > 0)
            #expect(row["server_us_per_msg"] == "", "no server CPU against an external URL")
        }
        let compressed = try #require(summary.rows.first { $0["cell"] == "closed1-c4-s2000-binary-json-on" })
        #expect((Double(compressed["compression_ratio"] ?? "") ?? 0) > 1.5, "JSON-like payloads compress")
        for file in ["environment.json", "summary.md", "cells/closed1-c4-s20-binary-json-off.json",
                     "cells/closed1-c4-s20-binary-json-off/round-1.json", "cells/closed1-c4-s20-binary-json-off/round-2.json"] {
            #expect(access(path + "/" + file, F_OK) == 0, "\(file)")
        }
        let cell = try #require(try? FileSystem.read(path + "/cells/closed1-c4-s2000-binary-json-on.json"))
        #expect(cell.contains("\"distribution\":[[0.00000,"))
        #expect(cell.contains("permessage-deflate"))
    }
}
