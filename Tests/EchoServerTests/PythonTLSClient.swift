import BenchSupport
import Glibc
@testable import Harness

/// An independent TLS client for the server tests: Python's standard-library `ssl` module (its own
/// use of OpenSSL, no wsbench code) driving a minimal WebSocket client, run as a child process with
/// 5-second socket timeouts. It prints what it saw as `key=value` lines.
///
/// Modes: `echo` (upgrade, echo 0 B … 100 kB, close, then how the stream ended: `close_notify` or
/// `eof without close_notify`), `page` (GET / over https), `hello` (the handshake only). Options:
/// `--tls 1.2|1.3` pins the version, `--sni NAME` sets the server name (default `localhost`).
enum PythonTLSClient {
    static let python = "/usr/bin/python3"

    /// Whether the interpreter is there (the tests that need it are skipped otherwise).
    static var isAvailable: Bool { access(python, X_OK) == 0 }

    /// Runs the client against 127.0.0.1:`port` and returns its `key=value` lines (empty if it failed
    /// before printing; `error=…` if it caught an exception).
    static func run(_ mode: String, port: Int, _ options: [String] = []) throws -> [String: String] {
        let directory = "/tmp/wsbench-pytls-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        mkdir(directory, 0o700)
        defer {
            for file in ["client.py", "out", "err"] { unlink(directory + "/" + file) }
            rmdir(directory)
        }
        try FileSystem.write(script, to: directory + "/client.py")
        let process = try ChildProcess.spawn(
            [python, directory + "/client.py", mode, String(port)] + options, stdoutPath: directory + "/out",
            stderrPath: directory + "/err", realTime: false)
        process.wait(seconds: 30)
        var fields: [String: String] = [:]
        for line in (try FileSystem.read(directory + "/out")).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        if fields.isEmpty, let errors = try? FileSystem.read(directory + "/err") { fields["error"] = errors }
        return fields
    }

    static let script = #"""
        import base64, hashlib, os, socket, ssl, struct, sys

        mode, port = sys.argv[1], int(sys.argv[2])
        options = dict(zip(sys.argv[3::2], sys.argv[4::2]))

        def out(key, value):
            print(f"{key}={value}", flush=True)

        def masked(payload, mask):
            if not payload:
                return b""
            key = (mask * (len(payload) // 4 + 1))[: len(payload)]
            return (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(len(payload), "big")

        def send_frame(s, opcode, payload):
            n, mask = len(payload), os.urandom(4)
            if n < 126:
                header = bytes([0x80 | opcode, 0x80 | n])
            elif n < 65536:
                header = bytes([0x80 | opcode, 0x80 | 126]) + struct.pack("!H", n)
            else:
                header = bytes([0x80 | opcode, 0x80 | 127]) + struct.pack("!Q", n)
            s.sendall(header + mask + masked(payload, mask))

        class Reader:
            def __init__(self, s, initial):
                self.s, self.buffer = s, bytearray(initial)

            def take(self, n):
                while len(self.buffer) < n:
                    chunk = self.s.recv(65536)
                    if not chunk:
                        raise EOFError("connection ended inside a frame")
                    self.buffer += chunk
                data = bytes(self.buffer[:n])
                del self.buffer[:n]
                return data

            def frame(self):
                b0, b1 = self.take(2)
                n = b1 & 0x7F
                if n == 126:
                    n = struct.unpack("!H", self.take(2))[0]
                elif n == 127:
                    n = struct.unpack("!Q", self.take(8))[0]
                return b0 & 0x0F, self.take(n)

        def read_head(s):
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    raise EOFError("connection ended inside the response head")
                data += chunk
            head, rest = data.split(b"\r\n\r\n", 1)
            return head.split(b"\r\n")[0].decode(), rest

        def ending(s):
            try:
                return "close_notify" if s.recv(1) == b"" else "data"
            except ssl.SSLEOFError:
                return "eof without close_notify"

        try:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            # This client speaks HTTP/1.1 only: offering h2 would now get h2 (HTTP2EchoTests cover that).
            context.set_alpn_protocols(["http/1.1"])
            if "--tls" in options:
                version = ssl.TLSVersion.TLSv1_2 if options["--tls"] == "1.2" else ssl.TLSVersion.TLSv1_3
                context.minimum_version = context.maximum_version = version
            raw = socket.create_connection(("127.0.0.1", port), timeout=5)
            s = context.wrap_socket(raw, server_hostname=options.get("--sni", "localhost"), suppress_ragged_eofs=False)
            out("version", s.version())
            out("alpn", s.selected_alpn_protocol())
            out("fingerprint", hashlib.sha256(s.getpeercert(binary_form=True)).hexdigest())
            if mode == "page":
                s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                status, rest = read_head(s)
                body = rest
                while True:
                    try:
                        chunk = s.recv(65536)
                    except ssl.SSLEOFError:
                        break
                    if not chunk:
                        break
                    body += chunk
                out("status", status)
                out("html", "<html" in body.decode(errors="replace").lower())
            elif mode == "echo":
                key = base64.b64encode(os.urandom(16)).decode()
                s.sendall(
                    f"GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
                )
                status, rest = read_head(s)
                out("status", status)
                reader, results = Reader(s, rest), []
                for size in [0, 20, 1000, 16384, 16385, 100000]:
                    payload = os.urandom(size)
                    send_frame(s, 2, payload)
                    opcode, data = reader.frame()
                    results.append("ok" if opcode == 2 and data == payload else f"bad{size}")
                out("echoes", ",".join(results))
                send_frame(s, 8, struct.pack("!H", 1000))
                opcode, data = reader.frame()
                out("close", f"{opcode}:{struct.unpack('!H', data[:2])[0] if len(data) >= 2 else ''}")
                out("end", ending(s))
            out("done", "true")
        except Exception as error:
            out("error", f"{type(error).__name__}: {error}")
        """#
}
