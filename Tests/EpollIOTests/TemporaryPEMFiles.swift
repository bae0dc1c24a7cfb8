import BenchSupport
import EpollIO
import Glibc

/// A temporary directory of certificate and key pairs made with `openssl req -x509` (EC P-256).
struct TemporaryPEMFiles {
    let directory: TemporaryDirectory
    var path: String { directory.path }

    init() throws {
        directory = try TemporaryDirectory(prefix: "wsbench-pem")
    }

    func certificate(_ name: String) -> String { "\(path)/\(name).crt" }
    func key(_ name: String) -> String { "\(path)/\(name).key" }

    /// Makes the pair `name` (certificate for CN=localhost).
    func make(_ name: String) throws {
        _ = ShellCommand.firstLine(
            of: "/usr/bin/openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -days 1 "
                + "-keyout \(key(name)) -out \(certificate(name))")
        guard access(certificate(name), R_OK) == 0, access(key(name), R_OK) == 0 else {
            throw TLSError("openssl req did not make \(name)")
        }
    }

    func remove() {
        directory.remove()
    }
}
