import WebSocketCore
/// The permessage-deflate parameters in force on a connection once negotiation succeeded
/// (RFC 7692 §7.1): context takeover and window size for each direction.
public struct DeflateParameters: Sendable, Hashable {
    /// The server resets its compressor after every message (`server_no_context_takeover`).
    public var serverNoContextTakeover: Bool
    /// The client resets its compressor after every message (`client_no_context_takeover`).
    public var clientNoContextTakeover: Bool
    /// The largest LZ77 window (bits) the server compresses with (`server_max_window_bits`, 8...15).
    public var serverMaxWindowBits: Int
    /// The largest LZ77 window (bits) the client compresses with (`client_max_window_bits`, 8...15).
    public var clientMaxWindowBits: Int

    /// Creates parameters; the defaults are RFC 7692's (context takeover both ways, 15-bit windows).
    public init(
        serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false,
        serverMaxWindowBits: Int = 15, clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// The window bits that govern the messages `role` sends (and its peer receives).
    public func windowBits(sentBy role: Role) -> Int {
        role == .server ? serverMaxWindowBits : clientMaxWindowBits
    }

    /// Whether the compressor of `role` (and its peer's decompressor) resets after every message.
    public func noContextTakeover(sentBy role: Role) -> Bool {
        role == .server ? serverNoContextTakeover : clientNoContextTakeover
    }
}
