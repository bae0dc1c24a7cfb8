import Glibc

/// A fresh directory under /tmp (`mkdtemp`), for files a test or a tool needs for a while —
/// certificates and keys, scratch output — removed with the files in it by ``remove()`` (one level:
/// it holds files, not directories).
///
/// ```swift
/// let directory = try TemporaryDirectory(prefix: "wsbench-pem")
/// defer { directory.remove() }
/// try FileSystem.write(pem, to: directory.path + "/ca.crt")
/// ```
public struct TemporaryDirectory: Sendable {
    /// The directory's path, e.g. `/tmp/wsbench-pem-Ab12Cd`.
    public let path: String

    /// Makes `/tmp/PREFIX-XXXXXX`.
    public init(prefix: String = "wsbench") throws(FileSystemError) {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw FileSystemError("create", "/tmp/\(prefix)-XXXXXX")
        }
        path = String(cString: made)
    }

    /// Removes the files in the directory, then the directory.
    public func remove() {
        for name in (try? FileSystem.directoryEntries(path)) ?? [] { unlink(path + "/" + name) }
        rmdir(path)
    }
}
