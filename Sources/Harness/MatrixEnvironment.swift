import Glibc
import LoadGenerator

/// Where and with what a matrix run was made, so figures are compared fairly: the load generator's
/// `RunEnvironment` (host, kernel, CPU, masking kernel) plus the toolchain, the commit and the time.
public struct MatrixEnvironment: Sendable {
    public var machine: RunEnvironment
    public var swiftVersion: String
    public var gitCommit: String
    public var startedAt: String

    /// Reads this machine and working directory.
    public static func current() -> MatrixEnvironment {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var stamp = [CChar](repeating: 0, count: 32)
        strftime(&stamp, 32, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return MatrixEnvironment(
            machine: .current(),
            swiftVersion: ProcessStatistics.commandOutput("swift --version") ?? "unknown",
            gitCommit: ProcessStatistics.commandOutput("git rev-parse --short HEAD") ?? "unknown",
            startedAt: String(decoding: stamp.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
