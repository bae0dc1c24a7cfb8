import BenchSupport
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
        MatrixEnvironment(
            machine: .current(),
            swiftVersion: ShellCommand.firstLine(of: "swift --version") ?? "unknown",
            gitCommit: ShellCommand.firstLine(of: "git rev-parse --short HEAD") ?? "unknown",
            startedAt: UTCTime.now().iso8601)
    }
}
