import BenchSupport
import EchoServer
import Glibc
import PerMessageDeflate

/// The built-in echo server started as a child process (`wsbench serve`) for a matrix run: pinned
/// to its own CPUs, at real-time priority when allowed, on a free port; its CPU time and memory
/// are read from `/proc` around each cell.
final class ServerUnderTest {
    let process: ChildProcess
    let port: Int
    /// The WebSocket endpoint path the server was told to serve.
    let path = ServerConfiguration.defaultPath
    let outputPath: String
    /// The DEFLATE library the server was told to use (`--deflate-impl`, from the cell's compression
    /// setting or the extra arguments), or `auto`.
    let deflateLibrary: String

    /// The options the harness sets itself; extra arguments may not set them again.
    static let managedOptions: [ServeOption] = [.port, .threads, .cpus, .path, .json, .readyFile]

    /// Starts `executable serve …` and waits until it listens. `extraArguments` come last, so they
    /// may override the defaults here (`--keep-alive`), but not the ``managedOptions``.
    /// `tls`: serve `wss://` with `--tls-self-signed` (its files are named `server-tls*`).
    /// `deflateImplementation`: `--deflate-impl` (its files end in `-zlib`, `-isal`, `-libdeflate`);
    /// the extra arguments may not set it again.
    init(
        executable: String, threads: Int, cpus: [Int], realTime: Bool, extraArguments: [String], workDirectory: String,
        tls: Bool = false, deflateImplementation: DeflateImplementation? = nil
    ) throws(HarnessError) {
        if let problem = Self.problem(withExtraArguments: extraArguments) { throw HarnessError(problem) }
        let given = Self.deflateLibrary(in: extraArguments)
        if let deflateImplementation, given != nil {
            throw HarnessError("the built-in server's DEFLATE library is \(deflateImplementation.rawValue) for this cell;"
                + " --server-arg=\(ServeOption.deflateImpl.flag) cannot set it too")
        }
        deflateLibrary = deflateImplementation?.rawValue ?? given ?? "auto"
        let name = (tls ? "server-tls" : "server") + (deflateImplementation.map { "-" + $0.rawValue } ?? "")
        let readyFile = workDirectory + "/\(name).port"
        unlink(readyFile)
        outputPath = workDirectory + "/\(name)-counters.json"
        var arguments = [executable, "serve"]
        if tls { arguments.append(ServeOption.tlsSelfSigned.flag) }
        arguments += ServeOption.port.arguments("0") + ServeOption.threads.arguments(String(threads))
        arguments += ServeOption.path.arguments(path) + ServeOption.keepAlive.arguments("0")
        arguments += [ServeOption.json.flag] + ServeOption.readyFile.arguments(readyFile)
        if !cpus.isEmpty { arguments += ServeOption.cpus.arguments(cpus.map(String.init).joined(separator: ",")) }
        if let deflateImplementation { arguments += ServeOption.deflateImpl.arguments(deflateImplementation.rawValue) }
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

    /// The value of the last `--deflate-impl` in `arguments` (`--deflate-impl=isal` or `--deflate-impl isal`), or nil.
    static func deflateLibrary(in arguments: [String]) -> String? {
        var value: String? = nil
        for (i, argument) in arguments.enumerated() where ServeOption(argument: argument) == .deflateImpl {
            if let equals = argument.firstIndex(of: "=") {
                value = String(argument[argument.index(after: equals)...])
            } else if i + 1 < arguments.count {
                value = arguments[i + 1]
            }
        }
        return value
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
