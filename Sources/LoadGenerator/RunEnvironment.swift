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
        if let cpuinfo = RunEnvironment.readFile("/proc/cpuinfo") {
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

    /// A whole small file as text (nil if it cannot be read).
    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, 4096, file) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
