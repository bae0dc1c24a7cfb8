import BenchSupport
import EpollIO
import Glibc

/// A fresh directory under /tmp (`mkdtemp`) for a test's certificate and key files, removed with
/// what it holds by ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/wsbench-load-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SocketError("mkdtemp")
        }
        path = String(cString: made)
    }

    func remove() {
        for name in (try? FileSystem.directoryEntries(path)) ?? [] { unlink(path + "/" + name) }
        rmdir(path)
    }
}
