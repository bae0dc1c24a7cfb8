import ArgumentParser
import BenchSupport
import EchoServer
import EpollIO
import PerMessageDeflate

#if canImport(Glibc)
import Glibc
#endif

/// `wsbench serve`: the epoll echo server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the echo server (echo at --path, test page at /). Stops gracefully on SIGINT/SIGTERM.")

    @Option(name: .customLong(ServeOption.host.rawValue), help: "Address to listen on (0.0.0.0 or :: for remote clients).")
    var host = "127.0.0.1"
    @Option(name: .customLong(ServeOption.port.rawValue), help: "TCP port (0 picks a free one; printed at start).")
    var port = 9001
    @Option(name: .customLong(ServeOption.threads.rawValue), help: "Event loops (threads); 0 = one per core.")
    var threads = 0
    @Option(name: .customLong(ServeOption.cpus.rawValue), help: "Pin loop i to CPU list[i], e.g. --cpus 0 or --cpus 0,1.")
    var cpus: String?
    @Option(name: .customLong(ServeOption.path.rawValue), help: "WebSocket endpoint path.")
    var path = ServerConfiguration.defaultPath
    @Option(name: .customLong(ServeOption.allowOrigin.rawValue), help: "Allowed Origin (repeat for several); none given = any.")
    var allowedOrigins: [String] = []
    @Option(name: .customLong(ServeOption.keepAlive.rawValue), help: "Ping connections quiet for this many seconds (0 = never).")
    var keepAlive: Double = 120
    @Option(name: .customLong(ServeOption.idleTimeout.rawValue), help: "Close connections silent for this many seconds (default: 2 × keep-alive; 0 = never).")
    var idleTimeout: Double?
    @Option(name: .customLong(ServeOption.handshakeTimeout.rawValue), help: "Seconds a client has to send its request head.")
    var handshakeTimeout: Double = 10
    @Option(name: .customLong(ServeOption.maxMessageSize.rawValue), help: "Largest message in bytes (larger: close 1009).")
    var maxMessageSize = 16 << 20
    @Option(name: .customLong(ServeOption.maxConnections.rawValue), help: "Largest WebSocket connection count (0 = as many as descriptors allow; over it: 503).")
    var maxConnections = 0
    @Option(name: .customLong(ServeOption.shutdownTimeout.rawValue), help: "Seconds to wait for connections to close on shutdown.")
    var shutdownTimeout: Double = 5
    @Option(name: .customLong(ServeOption.closeTimeout.rawValue), help: "Seconds to wait, after sending a close frame, for it to be sent and answered before dropping the connection.")
    var closeTimeout: Double = 2
    @Option(name: .customLong(ServeOption.compression.rawValue), help: "permessage-deflate: accept clients' offers (on) or decline them (off).")
    var compression: Toggle = .on
    @Option(name: .customLong(ServeOption.serverMaxWindowBits.rawValue), help: "Largest server_max_window_bits the server will use (9-15; 8 is treated as 9).")
    var serverMaxWindowBits = 12
    @Option(name: .customLong(ServeOption.clientMaxWindowBits.rawValue), help: "client_max_window_bits the server asks for when the client allows it (9-15).")
    var clientMaxWindowBits = 12
    @Flag(name: .customLong(ServeOption.noServerContextTakeover.rawValue), help: "Answer with server_no_context_takeover (reset the compressor per message).")
    var noServerContextTakeover = false
    @Option(name: .customLong(ServeOption.compressionLevel.rawValue), help: "zlib compression level for replies (1 fastest … 9 smallest).")
    var compressionLevel = 1
    @Option(name: .customLong(ServeOption.memLevel.rawValue), help: "zlib memLevel (1-9): memory per compressed connection vs speed.")
    var memLevel = 4
    @Option(name: .customLong(ServeOption.compressMinSize.rawValue), help: "Replies shorter than this many bytes are sent uncompressed.")
    var compressMinSize = 64
    @Flag(name: .customLong(ServeOption.noCompressReplies.rawValue), help: "On compressed connections, reply uncompressed (decompress and validate only).")
    var noCompressReplies = false
    @Option(name: .customLong(ServeOption.readyFile.rawValue), help: "Once listening, write the port to this file (for a parent process such as wsbench matrix).")
    var readyFile: String?
    @Option(name: .customLong(ServeOption.injectDelayNs.rawValue), help: .hidden)
    var injectDelayNs: Int = 0
    @Flag(name: .customLong(ServeOption.json.rawValue), help: "Print the counters as one JSON line on stdout at exit.")
    var json = false
    @Option(name: .customLong(ServeOption.tlsCert.rawValue), help: "Serve TLS (https://, wss://) with this PEM certificate chain, leaf first; needs --tls-key.")
    var tlsCert: String?
    @Option(name: .customLong(ServeOption.tlsKey.rawValue), help: "The unencrypted PEM private key of --tls-cert.")
    var tlsKey: String?
    @Flag(name: .customLong(ServeOption.tlsSelfSigned.rawValue), help: "Serve TLS with a self-signed certificate made at start, in memory only (EC P-256, CN and SAN localhost and 127.0.0.1); its SHA-256 fingerprint is printed on stderr.")
    var tlsSelfSigned = false
    @Option(name: .customLong(ServeOption.http2.rawValue), help: "WebSockets over HTTP/2 (RFC 8441) on the same port: h2c with prior knowledge and, over TLS, ALPN h2 (on), or HTTP/1.1 only (off).")
    var http2: Toggle = .on

    func makeConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        c.host = host
        c.port = port
        c.threads = threads
        if let cpus { c.cpus = try CPUList.argument(cpus, option: ServeOption.cpus.flag) }
        c.path = path
        c.allowedOrigins = allowedOrigins
        c.keepAliveMilliseconds = Int64(keepAlive * 1000)
        c.idleTimeoutMilliseconds = idleTimeout.map { Int64($0 * 1000) }
        c.handshakeTimeoutMilliseconds = Int64(handshakeTimeout * 1000)
        c.maximumMessageLength = maxMessageSize
        c.maximumConnections = maxConnections
        c.shutdownTimeoutMilliseconds = Int64(shutdownTimeout * 1000)
        c.closeTimeoutMilliseconds = Int64(closeTimeout * 1000)
        guard (8...15).contains(serverMaxWindowBits), (8...15).contains(clientMaxWindowBits) else {
            throw ValidationError("window bits must be 8...15")
        }
        guard (1...9).contains(compressionLevel), (1...9).contains(memLevel) else {
            throw ValidationError("--compression-level and --mem-level take 1...9")
        }
        c.deflate = DeflateOptions(
            enableCompression: compression == .on, serverMaxWindowBits: serverMaxWindowBits,
            disableServerContextTakeover: noServerContextTakeover, clientMaxWindowBits: clientMaxWindowBits,
            compressionLevel: compressionLevel, memoryLevel: memLevel, minimumMessageSize: compressMinSize,
            maximumMessageSize: maxMessageSize)
        c.compressReplies = !noCompressReplies
        c.injectedDelayNanoseconds = injectDelayNs
        c.http2 = http2 == .on
        return c
    }

    /// The certificate and key to serve TLS with: loaded from --tls-cert/--tls-key, made up for
    /// --tls-self-signed, or nil (plain TCP).
    func makeTLSIdentity() throws -> TLSIdentity? {
        if tlsSelfSigned {
            guard tlsCert == nil && tlsKey == nil else {
                throw ValidationError("--tls-self-signed replaces --tls-cert and --tls-key: give one or the other")
            }
            return try TLSIdentity.selfSigned()
        }
        switch (tlsCert, tlsKey) {
        case (nil, nil): return nil
        case (let certificate?, let key?): return try TLSIdentity.load(certificateFile: certificate, keyFile: key)
        default: throw ValidationError("--tls-cert and --tls-key go together")
        }
    }

    func run() throws {
        var configuration = try makeConfiguration()
        do {
            if let identity = try makeTLSIdentity() {
                configuration.tls = try TLSContext.server(identity: identity, applicationProtocols: configuration.applicationProtocols)
                if tlsSelfSigned {
                    printError("wsbench serve: self-signed certificate for localhost and 127.0.0.1, SHA-256 fingerprint \(identity.fingerprint)")
                }
            }
        } catch let error as TLSError {
            printError("wsbench serve: TLS: \(error)")
            throw ExitCode(2)
        }
        try TerminationSignals.blockInCurrentThread()
        let server: EchoServer
        do {
            server = try EchoServer.start(configuration)
        } catch {
            printError("wsbench serve: cannot listen on \(configuration.host):\(configuration.port): \(error)")
            throw ExitCode(2)
        }
        if let readyFile {
            do {
                try FileSystem.write("\(server.port)\n", to: readyFile)
            } catch {
                printError("wsbench serve: \(error)")
            }
        }
        let secure = configuration.tls != nil ? "s" : ""
        printError("wsbench serve: listening on ws\(secure)://\(configuration.host):\(server.port)\(configuration.path) with \(server.threads) loop(s); test page at http\(secure)://\(configuration.host):\(server.port)/")
        let signal = try TerminationSignals.wait()
        printError("wsbench serve: signal \(signal), closing connections (up to \(shutdownTimeout) s)")
        server.stop()
        let counters = server.wait()
        for failure in server.failures { printError("wsbench serve: \(failure)") }
        printError("wsbench serve: \(counters.summary)")
        if json { print(counters.json) }
    }
}

/// An on/off option value.
enum Toggle: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

/// Writes a line to standard error.
func printError(_ line: String) {
    var text = line
    text.append("\n")
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
