/// The long option names of `wsbench serve`, one case per option. `ServeCommand` declares its
/// options with these names and the harness (`ServerUnderTest`) builds the server's command line
/// from them, so renaming an option changes both, and removing one fails to compile wherever it
/// is still passed.
///
/// ```swift
/// ServeOption.keepAlive.arguments("0")   // ["--keep-alive", "0"]
/// ServeOption.json.flag                  // "--json"
/// ```
public enum ServeOption: String, CaseIterable, Sendable {
    /// `--host`: the address to listen on.
    case host
    /// `--port`: the TCP port (0 picks a free one).
    case port
    /// `--threads`: event loops.
    case threads
    /// `--cpus`: CPUs to pin the loops to.
    case cpus
    /// `--path`: the WebSocket endpoint path.
    case path
    /// `--allow-origin`: an allowed `Origin` (repeatable).
    case allowOrigin = "allow-origin"
    /// `--keep-alive`: ping connections quiet for this many seconds.
    case keepAlive = "keep-alive"
    /// `--idle-timeout`: close connections silent for this many seconds.
    case idleTimeout = "idle-timeout"
    /// `--handshake-timeout`: seconds a client has to send its request head.
    case handshakeTimeout = "handshake-timeout"
    /// `--max-message-size`: the largest message in bytes.
    case maxMessageSize = "max-message-size"
    /// `--max-connections`: the largest WebSocket connection count.
    case maxConnections = "max-connections"
    /// `--shutdown-timeout`: seconds to wait for connections to close on shutdown.
    case shutdownTimeout = "shutdown-timeout"
    /// `--close-timeout`: seconds to wait for a close frame to be sent and answered.
    case closeTimeout = "close-timeout"
    /// `--compression`: accept permessage-deflate offers (`on`) or decline them (`off`).
    case compression
    /// `--server-max-window-bits`: the largest server window the server will use.
    case serverMaxWindowBits = "server-max-window-bits"
    /// `--client-max-window-bits`: the client window the server asks for.
    case clientMaxWindowBits = "client-max-window-bits"
    /// `--no-server-context-takeover`: reset the compressor per message.
    case noServerContextTakeover = "no-server-context-takeover"
    /// `--compression-level`: zlib level for replies.
    case compressionLevel = "compression-level"
    /// `--mem-level`: zlib memLevel.
    case memLevel = "mem-level"
    /// `--compress-min-size`: replies shorter than this are sent uncompressed.
    case compressMinSize = "compress-min-size"
    /// `--no-compress-replies`: on compressed connections, reply uncompressed.
    case noCompressReplies = "no-compress-replies"
    /// `--ready-file`: once listening, write the port to this file.
    case readyFile = "ready-file"
    /// `--inject-delay-ns`: debug only, busy-wait this long per echoed message.
    case injectDelayNs = "inject-delay-ns"
    /// `--json`: print the counters as one JSON line at exit.
    case json
    /// `--tls-cert`: serve TLS with this PEM certificate chain (with `--tls-key`).
    case tlsCert = "tls-cert"
    /// `--tls-key`: the PEM private key of `--tls-cert`.
    case tlsKey = "tls-key"
    /// `--tls-self-signed`: serve TLS with an ephemeral self-signed certificate.
    case tlsSelfSigned = "tls-self-signed"
    /// `--http2`: WebSockets over HTTP/2 (RFC 8441; h2c by preface, ALPN h2 over TLS) `on` (default) or `off`.
    case http2

    /// The option as written on a command line: `--keep-alive`.
    public var flag: String { "--" + rawValue }

    /// The option followed by its value, as two command-line arguments: `["--keep-alive", "0"]`.
    public func arguments(_ value: String) -> [String] { [flag, value] }

    /// The option a command-line argument names, `--keep-alive` or `--keep-alive=0`; nil for a value
    /// or an unknown option.
    public init?(argument: String) {
        guard argument.hasPrefix("--") else { return nil }
        let name = argument.dropFirst(2).prefix { $0 != "=" }
        self.init(rawValue: String(name))
    }
}
