import PerMessageDeflate

/// One value of the matrix's compression axis: off, or a permessage-deflate offer.
///
/// Names: `off`; `on` (offer `client_max_window_bits`, the server picks the rest); `wN` (ask for
/// server and client windows of N bits, 8–15); a `-nct` suffix adds no-context-takeover both ways
/// (e.g. `on-nct`, `w12-nct`); a last `-zlib`, `-isal` or `-libdeflate` picks the built-in
/// server's DEFLATE library for the cell (e.g. `on-isal`, `w12-nct-zlib`: `wsbench serve
/// --deflate-impl`; default: the server's automatic choice), so that `on-zlib,on-isal` compares the
/// server's compressors. The load generator's library is the sweep's (`wsbench matrix
/// --deflate-impl`, automatic by default), not the cell's: the offer's `implementation` stays nil.
public struct CompressionSetting: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// The offer, or nil for no compression.
    public var offer: DeflateClientOptions?
    /// The built-in server's DEFLATE library for this cell (nil: the server's automatic choice).
    public var serverLibrary: DeflateImplementation?

    public static let off = CompressionSetting(name: "off", offer: nil)
    public static let on = CompressionSetting(name: "on", offer: DeflateClientOptions())

    public var description: String { name }

    /// Parses a setting name (see the type's documentation).
    public init?(_ name: String) {
        var base = Substring(name)
        var library: DeflateImplementation? = nil
        if let dash = base.lastIndex(of: "-"), let named = DeflateImplementation(rawValue: String(base[base.index(after: dash)...])) {
            library = named
            base = base[..<dash]
        }
        let noContextTakeover = base.hasSuffix("-nct")
        if noContextTakeover { base = base.dropLast(4) }
        var options = DeflateClientOptions()
        switch base {
        case "off":
            guard !noContextTakeover, library == nil else { return nil }
            self.init(name: name, offer: nil)
            return
        case "on":
            break
        default:
            guard base.hasPrefix("w"), let bits = Int(base.dropFirst()), (8...15).contains(bits) else { return nil }
            options.serverMaxWindowBits = bits
            options.clientMaxWindowBits = .limit(bits)
        }
        if noContextTakeover {
            options.requestServerNoContextTakeover = true
            options.disableClientContextTakeover = true
        }
        self.init(name: name, offer: options, serverLibrary: library)
    }

    init(name: String, offer: DeflateClientOptions?, serverLibrary: DeflateImplementation? = nil) {
        self.name = name
        self.offer = offer
        self.serverLibrary = serverLibrary
    }
}
