import BenchSupport
import EchoServer
import Glibc
@testable import Harness
import Testing

/// `wsbench serve` declares every ``ServeOption`` under its name (so the harness's command lines,
/// built from the same cases, are ones it accepts).
@Suite struct ServeOptionTests {
    @Test func serveHelpListsEveryServeOption() throws {
        let executable = try ChildServer.executable()
        let output = "/tmp/wsbench-serve-help-\(getpid())"
        defer { unlink(output) }
        let process = try ChildProcess.spawn([executable, "serve", "--help-hidden"], stdoutPath: output, stderrPath: "/dev/null", realTime: false)
        process.wait(seconds: 10)
        let help = try FileSystem.read(output)
        for option in ServeOption.allCases {
            #expect(help.contains(option.flag + " ") || help.contains(option.flag + "\n"), "\(option.flag)")
        }
    }

    @Test func serveDefaultsToTheConfigurationsPath() {
        #expect(ServerConfiguration().path == ServerConfiguration.defaultPath)
    }
}
