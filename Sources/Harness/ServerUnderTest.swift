import BenchSupport
import EchoServer
import Glibc

/// The built-in echo server started as a child process (`wsbench serve`) for a matrix run: pinned
/// to its own CPUs, at real-time priority when allowed, on a free port; its CPU time and memory
/// are read from `/proc` around each cell.
final class ServerUnderTest {
    let process: ChildProcess
    let port: Int
    /// The WebSocket endpoint path the server was told to serve.
    let path = ServerConfiguration.defaultPath
    let outputPath: String

    /// The options the harness sets itself; extra arguments may not set them again.
    static let managedOptions: [ServeOption] = [.port, .threads, .cpus, .path, .json, .readyFile]

    /// Starts `executable serve …` and waits until it listens. `extraArguments` come last, so they
    /// may override the defaults here (`--keep-alive`), but not the ``managedOptions``.
    /// `tls`: serve `wss://` with `--tls-self-signed` (its files are named `server-tls*`).
    init(
        executable: String, threads: Int, cpus: [Int], realTime: Bool, extraArguments: [String], workDirectory: String,
        tls: Bool = false
    ) throws(HarnessError) {
        if let problem = Self.problem(withExtraArguments: extraArguments) { throw HarnessError(problem) }
        let name = tls ? "server-tls" : "server"
        let readyFile = workDirectory + "/\(name).port"
        unlink(readyFile)
        outputPath = workDirectory + "/\(name)-counters.json"
        var arguments = [executable, "serve"]
        if tls { arguments.append(ServeOption.tlsSelfSigned.flag) }
        arguments += ServeOption.port.arguments("0") + ServeOption.threads.arguments(String(threads))
        arguments += ServeOption.path.arguments(path) + ServeOption.keepAlive.arguments("0")
        arguments += [ServeOption.json.flag] + ServeOption.readyFile.arguments(readyFile)
        if !cpus.isEmpty { arguments += ServeOption.cpus.arguments(cpus.map(String.init).joined(separator: ",")) }
        arguments += extraArguments
        process = try ChildProcess.spawn(arguments, stdoutPath: outputPath, stderrPath: workDirectory + "/\(name).log", realTime: realTime)
        let deadline = SystemClock.monotonicSeconds() + 10
        var port: Int? = nil
        while port == nil && SystemClock.monotonicSeconds() < deadline {
            if let text = try? FileSystem.read(readyFile), let value = Int(text.split(separator: "\n").first ?? "") { port = value }
            if port == nil {
                guard process.isRunning() else {
                    throw HarnessError("the server exited at start; see \(workDirectory)/\(name).log")
                }
                usleep(10_000)
            }
        }
        guard let port else {
            process.kill(SIGKILL)
            process.wait(seconds: 2)
            throw HarnessError("the server did not start listening within 10 s")
        }
        self.port = port
    }

    /// Why `wsbench serve` would not take `arguments` as extra arguments from the harness (an
    /// option it does not have, or one the harness sets itself), or nil if it would.
    static func problem(withExtraArguments arguments: [String]) -> String? {
        for argument in arguments where argument.hasPrefix("--") {
            guard let option = ServeOption(argument: argument) else {
                return "wsbench serve has no option \(argument.prefix { $0 != "=" })"
            }
            if managedOptions.contains(option) {
                return "the harness sets \(option.flag) of the built-in server itself; it cannot be given as a server argument"
            }
        }
        return nil
    }

    var cpuNanoseconds: Int64 { ProcessStatistics.cpuNanoseconds(pid: process.pid) }
    var residentKiB: Int { ProcessStatistics.residentKiB(pid: process.pid) }
    var isRunning: Bool { process.isRunning() }

    /// Stops the server gracefully (SIGINT) and returns its counters line (JSON), if it printed one.
    @discardableResult
    func stop() -> String? {
        process.kill(SIGINT)
        process.wait(seconds: 10)
        return (try? FileSystem.read(outputPath))?.split(separator: "\n").last.map(String.init)
    }
}
