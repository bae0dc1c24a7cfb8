/// What a client (the load generator) offers in `Sec-WebSocket-Extensions`, and how it compresses.
public struct DeflateClientOptions: Sendable, Hashable {
    /// How the client offer carries `client_max_window_bits`.
    public enum ClientMaxWindowBits: Sendable, Hashable {
        /// Not offered: the server may not limit the client's window (the client uses 15 bits).
        case notOffered
        /// Offered without a value: the server may choose the client's window.
        case withoutValue
        /// Offered with a value (8...15): the client will not use a larger window, and the server
        /// may choose a smaller one.
        case limit(Int)
    }

    /// Whether to offer permessage-deflate at all.
    public var enableCompression: Bool
    /// Ask the server to reset its compressor after every message (`server_no_context_takeover`).
    public var requestServerNoContextTakeover: Bool
    /// Announce that the client resets its compressor after every message (`client_no_context_takeover`).
    public var disableClientContextTakeover: Bool
    /// Limit the server's window (`server_max_window_bits`, 8...15), or nil to leave it to the server.
    public var serverMaxWindowBits: Int?
    /// How to offer `client_max_window_bits`.
    public var clientMaxWindowBits: ClientMaxWindowBits
    /// zlib compression level, 0...9, or -1 for zlib's default (6).
    public var compressionLevel: Int
    /// zlib memLevel, 1...9.
    public var memoryLevel: Int
    /// Messages shorter than this are sent uncompressed.
    public var minimumMessageSize: Int
    /// The largest inflated message accepted; a larger one fails the connection with 1009.
    public var maximumMessageSize: Int
    /// The DEFLATE library (nil = automatic: the fastest valid one per direction and mode, see
    /// ``DeflateImplementation``); compressionLevel and memoryLevel apply to zlib only (ISA-L and
    /// libdeflate run at level 1).
    public var implementation: DeflateImplementation?

    /// Creates client options. By default the offer is `permessage-deflate; client_max_window_bits`,
    /// what browsers send.
    public init(
        enableCompression: Bool = true,
        requestServerNoContextTakeover: Bool = false,
        disableClientContextTakeover: Bool = false,
        serverMaxWindowBits: Int? = nil,
        clientMaxWindowBits: ClientMaxWindowBits = .withoutValue,
        compressionLevel: Int = 1,
        memoryLevel: Int = 4,
        minimumMessageSize: Int = 64,
        maximumMessageSize: Int = 16 << 20,
        implementation: DeflateImplementation? = nil
    ) {
        if let bits = serverMaxWindowBits {
            precondition(DeflateWindowBits.allowed.contains(bits), "serverMaxWindowBits must be 8...15")
        }
        if case .limit(let bits) = clientMaxWindowBits {
            precondition(DeflateWindowBits.allowed.contains(bits), "clientMaxWindowBits must be 8...15")
        }
        precondition((-1...9).contains(compressionLevel), "compressionLevel must be -1...9")
        precondition((1...9).contains(memoryLevel), "memoryLevel must be 1...9")
        self.enableCompression = enableCompression
        self.requestServerNoContextTakeover = requestServerNoContextTakeover
        self.disableClientContextTakeover = disableClientContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
        self.compressionLevel = compressionLevel
        self.memoryLevel = memoryLevel
        self.minimumMessageSize = minimumMessageSize
        self.maximumMessageSize = maximumMessageSize
        self.implementation = implementation
    }
}
