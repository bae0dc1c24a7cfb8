import BenchSupport
import CEpoll
import Glibc

/// A child process started with `posix_spawn`, optionally at real-time priority (SCHED_RR 1, as
/// `chrt -r 1` does), with its standard output and error sent to files. It inherits no other
/// descriptor: sockets the parent holds (say, a test's clients) stay the parent's alone, so closing
/// them still closes the connection, and the child's descriptor count is its own.
struct ChildProcess {
    let pid: pid_t

    /// Starts `arguments[0]` (a path) with `arguments`. Falls back to normal priority when the
    /// system refuses real-time scheduling (not root).
    static func spawn(_ arguments: [String], stdoutPath: String, stderrPath: String, realTime: Bool) throws(HarnessError) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        cepoll_spawn_add_close_from(&actions, 3)
        var cArguments = arguments.map { strdup($0) }
        cArguments.append(nil)
        defer { for a in cArguments { free(a) } }
        for attempt in schedulingAttempts(realTime: realTime) {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            if attempt {
                var parameter = sched_param(sched_priority: 1)
                posix_spawnattr_setschedpolicy(&attributes, SCHED_RR)
                posix_spawnattr_setschedparam(&attributes, &parameter)
                posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSCHEDULER))
            }
            var pid: pid_t = 0
            let result = posix_spawn(&pid, arguments[0], &actions, &attributes, cArguments, environ)
            if result == 0 { return ChildProcess(pid: pid) }
            if !(attempt && result == EPERM) { throw HarnessError("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        }
        throw HarnessError("cannot start \(arguments[0])")
    }

    /// The spawn attempts, in order: true = ask for SCHED_RR (then fall back to normal priority),
    /// false = normal priority. Without `realTime` the child is never asked to run SCHED_RR.
    static func schedulingAttempts(realTime: Bool) -> [Bool] { realTime ? [true, false] : [false] }

    /// Whether the process runs at real-time priority (SCHED_RR or SCHED_FIFO) now.
    var isRealTime: Bool {
        let policy = sched_getscheduler(pid)
        return policy == SCHED_RR || policy == SCHED_FIFO
    }

    /// Sends `signal`.
    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Whether the process is still running (not yet reaped).
    func isRunning() -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits up to `seconds` for the process to end; kills it after that. Returns its exit status.
    @discardableResult
    func wait(seconds: Double) -> Int32 {
        var status: Int32 = 0
        let deadline = SystemClock.monotonicSeconds() + seconds
        while SystemClock.monotonicSeconds() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return status }
            usleep(20_000)
        }
        _ = Glibc.kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return status
    }
}

/// A harness failure with a message for the user.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
