/// How a server negotiates and runs permessage-deflate. The first three properties mirror ASP.NET
/// Core's `WebSocketAcceptContext` (`DangerousEnableCompression`, `ServerMaxWindowBits`,
/// `DisableServerContextTakeover`); the rest tune zlib and the per-message policy.
///
/// The defaults suit a benchmark server holding ~10k connections: a 12-bit window with memLevel 4
/// keeps the deflate state at ~30 KB instead of ~268 KB (15/8: 2.7 GB for 10k connections) for about
/// the same ratio on JSON-like messages, and asking clients for a 12-bit window keeps each
/// inflate window at 4 KiB instead of 32 KiB. Level 1 because CPU, not bandwidth, is the
/// bottleneck of a loopback benchmark. See `results/permessage-deflate.md` for the measurements.
public struct DeflateOptions: Sendable, Hashable {
    /// Whether to accept permessage-deflate at all (ASP.NET's `DangerousEnableCompression`:
    /// compressing secrets next to attacker-controlled data can leak them, as in CRIME/BREACH).
    public var enableCompression: Bool
    /// The largest window (8...15) the server compresses with (`ServerMaxWindowBits`). The server
    /// uses the smaller of this and the client's `server_max_window_bits`.
    public var serverMaxWindowBits: Int
    /// Reset the server's compressor after every message even if the client did not ask for it
    /// (`DisableServerContextTakeover`): smaller ratio, but no deflate state kept between messages.
    public var disableServerContextTakeover: Bool
    /// The window (8...15) the server asks clients to compress with when their offer allows it
    /// (`client_max_window_bits`); it bounds the server's inflate window per connection.
    public var clientMaxWindowBits: Int
    /// Ask clients to reset their compressor after every message (`client_no_context_takeover`).
    public var requestClientNoContextTakeover: Bool
    /// zlib compression level, 0 (store) ... 9; -1 is zlib's default (6).
    public var compressionLevel: Int
    /// zlib memLevel, 1...9: the size of the hash table and of the pending buffer.
    public var memoryLevel: Int
    /// Messages shorter than this are sent uncompressed (RSV1 clear).
    public var minimumMessageSize: Int
    /// The largest inflated message accepted; a larger one fails the connection with 1009.
    public var maximumMessageSize: Int
    /// The DEFLATE library (nil = automatic: the fastest valid one per direction and mode, see
    /// ``DeflateImplementation``); compressionLevel and memoryLevel apply to zlib only (ISA-L and
    /// libdeflate run at level 1).
    public var implementation: DeflateImplementation?

    /// Creates server options; see the type's comment for why the defaults are what they are.
    public init(
        enableCompression: Bool = true,
        serverMaxWindowBits: Int = 12,
        disableServerContextTakeover: Bool = false,
        clientMaxWindowBits: Int = 12,
        requestClientNoContextTakeover: Bool = false,
        compressionLevel: Int = 1,
        memoryLevel: Int = 4,
        minimumMessageSize: Int = 64,
        maximumMessageSize: Int = 16 << 20,
        implementation: DeflateImplementation? = nil
    ) {
        precondition(DeflateWindowBits.allowed.contains(serverMaxWindowBits), "serverMaxWindowBits must be 8...15")
        precondition(DeflateWindowBits.allowed.contains(clientMaxWindowBits), "clientMaxWindowBits must be 8...15")
        precondition((-1...9).contains(compressionLevel), "compressionLevel must be -1...9")
        precondition((1...9).contains(memoryLevel), "memoryLevel must be 1...9")
        self.enableCompression = enableCompression
        self.serverMaxWindowBits = serverMaxWindowBits
        self.disableServerContextTakeover = disableServerContextTakeover
        self.clientMaxWindowBits = clientMaxWindowBits
        self.requestClientNoContextTakeover = requestClientNoContextTakeover
        self.compressionLevel = compressionLevel
        self.memoryLevel = memoryLevel
        self.minimumMessageSize = minimumMessageSize
        self.maximumMessageSize = maximumMessageSize
        self.implementation = implementation
    }
}
