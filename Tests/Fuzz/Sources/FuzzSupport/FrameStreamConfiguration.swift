import PerMessageDeflate
import WebSocketCore

/// The connection a frame-stream input describes. Its first three bytes choose:
///
/// - byte 0: bit 0 permessage-deflate negotiated; bit 1 `*_no_context_takeover` for the direction
///   read; bits 2–4 its window bits (8 + value); bits 5–7 the message size limit
///   (``messageLimits``);
/// - byte 1: bits 0–2 the inflated-size cap (``inflateCaps``); bits 3–7 the read pattern;
/// - byte 2: how each compressed message is cut into pieces for the inflater.
///
/// The rest of the input is the byte stream received.
public struct FrameStreamConfiguration: CustomStringConvertible {
    /// The message (and frame) size limits to choose from: around 0, 125/126 (the 7-bit length and
    /// the control frame limit), 64 KiB (the 16-bit length) and larger.
    public static let messageLimits = [0, 1, 125, 126, 1000, 65535, 65536, 1 << 20]
    /// The inflated-size caps to choose from: small enough that a few kilobytes of input exceed them.
    public static let inflateCaps = [0, 1, 16, 125, 1024, 4096, 65536, 1 << 20]

    /// Whose frames are read: a server reads masked frames, a client unmasked ones.
    public var role: Role
    /// The negotiated permessage-deflate parameters, or `nil` when not negotiated.
    public var deflate: DeflateParameters?
    /// The largest message (and frame payload) the reader accepts.
    public var maximumMessageLength: Int
    /// The largest inflated message the inflater accepts.
    public var maximumInflatedLength: Int
    /// How the stream is cut into reads for the run in pieces.
    public var readPattern: ChunkPattern
    /// How a compressed message is cut into pieces for the inflater in the run in pieces.
    public var inflatePattern: ChunkPattern
    /// The inflater's library (zlib unless a target chooses another; zlib and ISA-L differ on a match
    /// beyond the window within one message, so raw-stream targets keep zlib).
    public var inflateImplementation: DeflateImplementation = .zlib

    /// Creates a configuration directly (for targets that generate their stream).
    public init(
        role: Role, deflate: DeflateParameters?, maximumMessageLength: Int, maximumInflatedLength: Int,
        readPattern: ChunkPattern, inflatePattern: ChunkPattern
    ) {
        self.role = role
        self.deflate = deflate
        self.maximumMessageLength = maximumMessageLength
        self.maximumInflatedLength = maximumInflatedLength
        self.readPattern = readPattern
        self.inflatePattern = inflatePattern
    }

    /// Reads the configuration bytes from `input`.
    public init(role: Role, input: inout FuzzInput) {
        let flags = input.takeByte()
        let limits = input.takeByte()
        self.role = role
        if flags & 1 != 0 {
            let bits = 8 + Int(flags >> 2 & 7)
            let noContextTakeover = flags & 2 != 0
            deflate = DeflateParameters(
                serverNoContextTakeover: noContextTakeover, clientNoContextTakeover: noContextTakeover,
                serverMaxWindowBits: bits, clientMaxWindowBits: bits)
        } else {
            deflate = nil
        }
        maximumMessageLength = Self.messageLimits[Int(flags >> 5)]
        maximumInflatedLength = Self.inflateCaps[Int(limits & 7)]
        readPattern = ChunkPattern(seed: limits >> 3)
        inflatePattern = ChunkPattern(seed: input.takeByte())
    }

    /// The RSV bits the reader allows: RSV1 once permessage-deflate is negotiated.
    public var allowedReservedBits: UInt8 { deflate == nil ? 0 : FrameHeader.rsv1 }

    public var description: String {
        var text = "\(role), limit \(maximumMessageLength)"
        if let deflate {
            text += ", deflate \(deflate.clientMaxWindowBits) bits"
            text += deflate.clientNoContextTakeover ? " no context takeover" : ""
            text += ", inflate cap \(maximumInflatedLength), inflate in \(inflatePattern) with \(inflateImplementation)"
        }
        return text + ", reads: \(readPattern)"
    }
}
