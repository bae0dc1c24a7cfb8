import Glibc

/// Whole-file reads and writes, directory creation and listing, with plain system calls (no
/// Foundation). Every file the tools read or write outside their hot paths goes through here:
/// result files, `/proc` figures, the server's ready file.
///
/// ```swift
/// try FileSystem.makeDirectories("results/run/cells")
/// try FileSystem.write("{}\n", to: "results/run/environment.json")
/// let status = try? FileSystem.read("/proc/self/status")
/// ```
public enum FileSystem {
    /// The whole file at `path` as UTF-8 text (invalid bytes replaced). Reads until end of file,
    /// so `/proc` files, which report a size of 0, are read whole too.
    public static func read(_ path: String) throws(FileSystemError) -> String {
        String(decoding: try readBytes(path), as: UTF8.self)
    }

    /// The whole file at `path` as bytes, read until end of file.
    public static func readBytes(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileSystemError("read", path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileSystemError("read", path)
            }
            bytes += chunk[0..<count]
        }
        return bytes
    }

    /// Writes `text` to `path`, replacing what was there (a new file gets mode 0644).
    public static func write(_ text: String, to path: String) throws(FileSystemError) {
        try write(text, to: path, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
    }

    /// Appends `text` to `path` (a new file gets mode 0644).
    public static func append(_ text: String, to path: String) throws(FileSystemError) {
        try write(text, to: path, flags: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC)
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Creates `path` and any missing parent directories (mode 0755), like `mkdir -p`.
    public static func makeDirectories(_ path: String) throws(FileSystemError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw FileSystemError("create", current) }
        }
    }

    /// The names in the directory at `path`, without `.` and `..`, in the order the system lists them.
    public static func directoryEntries(_ path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else { throw FileSystemError("list", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func write(_ text: String, to path: String, flags: Int32) throws(FileSystemError) {
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else { throw FileSystemError("write", path) }
        var text = text
        let failure = text.withUTF8 { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return errno }
                offset += count
            }
            return nil
        }
        let closeFailure = close(descriptor) == 0 ? nil : errno
        if let number = failure ?? closeFailure { throw FileSystemError("write", path, errorNumber: number) }
    }
}
