import Glibc

/// CPU time, memory and descriptors of a process (any process, by pid), read from `/proc`.
public enum ProcessStatistics {
    /// CPU time of all the process's threads so far, in nanoseconds (`/proc/PID/task/*/schedstat`);
    /// 0 if the process cannot be read.
    public static func cpuNanoseconds(pid: pid_t) -> Int64 {
        let threads = (try? FileSystem.directoryEntries("/proc/\(pid)/task")) ?? []
        var total: Int64 = 0
        for thread in threads where thread.first?.isNumber == true {
            guard let text = try? FileSystem.read("/proc/\(pid)/task/\(thread)/schedstat") else { continue }
            total += Int64(text.split(separator: " ").first ?? "0") ?? 0
        }
        return total
    }

    /// Resident set size in KiB (`VmRSS` of `/proc/PID/status`); 0 if it cannot be read.
    public static func residentKiB(pid: pid_t) -> Int {
        guard let status = try? FileSystem.read("/proc/\(pid)/status") else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// Open file descriptors of the process (entries of `/proc/PID/fd`), or nil if it cannot be read.
    public static func openDescriptorCount(pid: pid_t) -> Int? {
        try? FileSystem.directoryEntries("/proc/\(pid)/fd").count
    }
}
