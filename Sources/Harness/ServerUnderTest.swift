import BenchSupport
import Glibc

/// The built-in echo server started as a child process (`wsbench serve`) for a matrix run: pinned
/// to its own CPUs, at real-time priority when allowed, on a free port; its CPU time and memory
/// are read from `/proc` around each cell.
final class ServerUnderTest {
    let process: ChildProcess
    let port: Int
    let outputPath: String

    /// Starts `executable serve …` and waits until it listens.
    init(executable: String, threads: Int, cpus: [Int], realTime: Bool, extraArguments: [String], workDirectory: String) throws(HarnessError) {
        let readyFile = workDirectory + "/server.port"
        unlink(readyFile)
        outputPath = workDirectory + "/server-counters.json"
        var arguments = [executable, "serve", "--port", "0", "--threads", String(threads), "--keep-alive", "0", "--json", "--ready-file", readyFile]
        if !cpus.isEmpty { arguments += ["--cpus", cpus.map(String.init).joined(separator: ",")] }
        arguments += extraArguments
        process = try ChildProcess.spawn(arguments, stdoutPath: outputPath, stderrPath: workDirectory + "/server.log", realTime: realTime)
        let deadline = SystemClock.monotonicSeconds() + 10
        var port: Int? = nil
        while port == nil && SystemClock.monotonicSeconds() < deadline {
            if let text = try? FileSystem.read(readyFile), let value = Int(text.split(separator: "\n").first ?? "") { port = value }
            if port == nil {
                guard process.isRunning() else {
                    throw HarnessError("the server exited at start; see \(workDirectory)/server.log")
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
