import EchoServer
@testable import Harness
import Testing

/// The built-in server's command line goes through ``ServeOption``, the names `wsbench serve` declares.
@Suite struct ServerArgumentsTests {
    @Test func serveOptionsSpellTheCommandLine() {
        #expect(ServeOption.keepAlive.flag == "--keep-alive")
        #expect(ServeOption.readyFile.arguments("/tmp/p") == ["--ready-file", "/tmp/p"])
        #expect(ServeOption(argument: "--no-compress-replies") == .noCompressReplies)
        #expect(ServeOption(argument: "--compression=off") == .compression)
        #expect(ServeOption(argument: "off") == nil)
        #expect(ServeOption(argument: "--no-such-option") == nil)
    }

    @Test func acceptsExtraArgumentsServeKnows() {
        #expect(ServerUnderTest.problem(withExtraArguments: []) == nil)
        #expect(ServerUnderTest.problem(withExtraArguments: ["--no-compress-replies"]) == nil)
        #expect(ServerUnderTest.problem(withExtraArguments: ["--compression", "off", "--keep-alive=5"]) == nil)
    }

    @Test func acceptsTheTLSOptions() {
        #expect(ServerUnderTest.problem(withExtraArguments: [ServeOption.tlsSelfSigned.flag]) == nil)
        #expect(ServerUnderTest.problem(withExtraArguments: ["--tls-cert", "server.crt", "--tls-key=server.key"]) == nil)
    }

    @Test func rejectsUnknownOptionsBeforeStarting() {
        let problem = ServerUnderTest.problem(withExtraArguments: ["--no-compres-replies"])
        #expect(problem == "wsbench serve has no option --no-compres-replies")
    }

    @Test func rejectsOptionsTheHarnessSetsItself() {
        for option in ServerUnderTest.managedOptions {
            #expect(ServerUnderTest.problem(withExtraArguments: [option.flag + "=1"]) != nil, "\(option)")
        }
    }

    @Test func matrixRunFailsEarlyOnABadServerArgument() throws {
        var configuration = MatrixConfiguration()
        configuration.serverArguments = ["--no-such-option"]
        configuration.executable = "/nonexistent/wsbench"
        let runner = MatrixRunner(configuration: configuration, directory: ResultDirectory(path: "/nonexistent/wsbench-results")) { _ in }
        #expect(throws: HarnessError.self) { try runner.run() }
    }
}
