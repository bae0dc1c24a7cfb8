import BenchSupport
import Glibc

/// Where a run happened: host, kernel, CPU, toolchain; written into result files.
public struct RunEnvironment: Sendable {
    /// `uname` node name.
    public var hostname: String
    /// `uname` system, release and machine.
    public var kernel: String
    /// The first `model name` of /proc/cpuinfo.
    public var cpuModel: String
    /// CPUs online.
    public var onlineCPUs: Int
    /// The masking kernel WebSocketCore chose (`avx512bw`, `avx2`, …).
    public var maskingKernel: String

    /// Reads the environment of this process.
    public static func current() -> RunEnvironment {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: inout T) -> String {
            withUnsafeBytes(of: &value) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let hostname = field(&names.nodename)
        let kernel = field(&names.sysname) + " " + field(&names.release) + " " + field(&names.machine)
        var model = "unknown"
        if let cpuinfo = try? FileSystem.read("/proc/cpuinfo") {
            for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
                if let colon = line.firstIndex(of: ":") {
                    model = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
                }
                break
            }
        }
        return RunEnvironment(
            hostname: hostname, kernel: kernel, cpuModel: model, onlineCPUs: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            maskingKernel: maskingKernelName())
    }
}
