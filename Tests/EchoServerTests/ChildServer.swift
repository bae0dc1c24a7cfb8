import BenchSupport
import EchoServer
import Glibc
@testable import Harness
import Testing

/// `wsbench serve` run as a child process (Harness's `ServerUnderTest`, one loop, port 0), for
/// tests that need more descriptors than one process may hold, or that measure the server's own
/// descriptors and memory from `/proc`.
///
/// The executable is the `wsbench` that `swift build --build-tests` puts next to the test bundle.
/// `--shutdown-timeout 1` keeps ``stop()`` short even if a test leaves a connection behind.
final class ChildServer {
    let server: ServerUnderTest
    let directory: String

    /// Starts `wsbench serve --port 0 --threads 1 --keep-alive 0 --json … arguments` (later options
    /// win, so `arguments` may set `--keep-alive` again).
    init(_ arguments: [String] = []) throws {
        let executable = try ChildServer.executable()
        var template = Array("/tmp/wsbench-child-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw HarnessError("mkdtemp: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        server = try ServerUnderTest(
            executable: executable, threads: 1, cpus: [], realTime: false,
            extraArguments: ServeOption.shutdownTimeout.arguments("1") + arguments, workDirectory: directory)
    }

    deinit {
        if server.isRunning { server.stop() }
        for file in ["server.port", "server-counters.json", "server.log"] { unlink(directory + "/" + file) }
        rmdir(directory)
    }

    var port: Int { server.port }
    var pid: pid_t { server.process.pid }

    /// The server's open descriptors and resident memory now.
    var footprint: Footprint {
        Footprint(descriptors: ProcessStatistics.openDescriptorCount(pid: pid) ?? -1, residentKiB: server.residentKiB)
    }

    /// Waits (up to `seconds`) until the server holds exactly `descriptors` descriptors (or at least
    /// that many, with `orMore`); returns the footprint seen last.
    @discardableResult
    func waitForDescriptors(_ descriptors: Int, orMore: Bool = false, seconds: Double) -> Footprint {
        let deadline = SystemClock.monotonicSeconds() + seconds
        var seen = footprint
        while !(seen.descriptors == descriptors || (orMore && seen.descriptors > descriptors))
            && SystemClock.monotonicSeconds() < deadline
        {
            usleep(10_000)
            seen = footprint
        }
        return seen
    }

    /// Waits (up to `seconds`) until the only socket the server holds is its listener (the child
    /// runs one loop); returns the footprint then, or nil if connections remain.
    func waitForNoConnections(seconds: Double) -> Footprint? {
        let deadline = SystemClock.monotonicSeconds() + seconds
        while true {
            if socketCount() == 1 { return footprint }
            if SystemClock.monotonicSeconds() >= deadline { return nil }
            usleep(20_000)
        }
    }

    /// The server's socket descriptors (`/proc/PID/fd` links to `socket:[…]`).
    func socketCount() -> Int {
        guard let names = try? FileSystem.directoryEntries("/proc/\(pid)/fd") else { return -1 }
        var count = 0
        var target = [CChar](repeating: 0, count: 64)
        for name in names where name.first?.isNumber == true {
            let n = readlink("/proc/\(pid)/fd/\(name)", &target, target.count)
            if n >= 7 && target.prefix(7).map({ UInt8(bitPattern: $0) }) == Array("socket:".utf8) { count += 1 }
        }
        return count
    }

    /// Stops the server (SIGINT, graceful) and returns the counters it printed at exit.
    func stop() -> [String: Int] {
        guard let line = server.stop() else { return [:] }
        var counters: [String: Int] = [:]
        for field in line.filter({ !"{}\"".contains($0) }).split(separator: ",") {
            let parts = field.split(separator: ":")
            if parts.count == 2, let value = Int(parts[1]) { counters[String(parts[0])] = value }
        }
        return counters
    }

    /// `wsbench` in the directory of the running test bundle.
    static func executable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw HarnessError("readlink /proc/self/exe: \(String(cString: strerror(errno)))") }
        let bundle = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let path = String(bundle[..<(bundle.lastIndex(of: "/") ?? bundle.startIndex)]) + "/wsbench"
        guard access(path, X_OK) == 0 else {
            throw HarnessError(
                "\(path) is missing: these tests run `wsbench serve` as a child process; build it with `swift build --build-tests`")
        }
        return path
    }
}

/// A process's open descriptors and resident set size.
struct Footprint: CustomStringConvertible {
    var descriptors: Int
    var residentKiB: Int

    var description: String { "\(descriptors) fds, \(residentKiB) KiB RSS" }
}
