import Glibc

/// A shell command's output, for records of the environment a run was made in (git commit,
/// toolchain version).
public enum ShellCommand {
    /// The first line `command` prints on standard output (run by `/bin/sh`, standard error
    /// discarded), or nil when it prints nothing or cannot be run.
    public static func firstLine(of command: String) -> String? {
        guard let pipe = popen(command + " 2>/dev/null", "r") else { return nil }
        defer { pclose(pipe) }
        var line = [CChar](repeating: 0, count: 512)
        guard fgets(&line, 512, pipe) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 && $0 != 0x0A }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.isEmpty ? nil : text
    }
}
