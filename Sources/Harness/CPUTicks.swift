import BenchSupport

/// Per-CPU time from `/proc/stat` (in clock ticks, `USER_HZ`): what every process together kept a
/// core busy with, and the time the hypervisor gave to other guests (steal). Read before and after
/// a run: a pinned core's busy time minus our own processes' CPU time is other processes' work.
public struct CPUTicks: Sendable, Equatable {
    /// user + nice + system: task time (interrupt time is left out, as task CPU figures leave it out).
    public var busy: Int64 = 0
    public var steal: Int64 = 0

    public init(busy: Int64 = 0, steal: Int64 = 0) {
        self.busy = busy
        self.steal = steal
    }

    /// Ticks per second of `/proc/stat` (`USER_HZ`, 100 on Linux).
    public static let ticksPerSecond = 100.0

    /// The `cpuN` lines of a `/proc/stat` text, by CPU number.
    public static func parse(_ text: String) -> [Int: CPUTicks] {
        var cpus: [Int: CPUTicks] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ")
            guard let number = Int(fields[0].dropFirst(3)), fields.count >= 9 else { continue }
            let values = fields.dropFirst().map { Int64($0) ?? 0 }
            cpus[number] = CPUTicks(busy: values[0] + values[1] + values[2], steal: values[7])
        }
        return cpus
    }

    /// This machine's per-CPU ticks now (empty if `/proc/stat` cannot be read).
    public static func current() -> [Int: CPUTicks] {
        (try? FileSystem.read("/proc/stat")).map(parse) ?? [:]
    }

    /// The sum over `cpus` of the ticks from `earlier` to `later`.
    public static func delta(from earlier: [Int: CPUTicks], to later: [Int: CPUTicks], cpus: [Int]) -> CPUTicks {
        var total = CPUTicks()
        for cpu in Set(cpus) {
            guard let a = earlier[cpu], let b = later[cpu] else { continue }
            total.busy += b.busy - a.busy
            total.steal += b.steal - a.steal
        }
        return total
    }
}
