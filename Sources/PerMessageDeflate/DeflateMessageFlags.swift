/// Per-message choices when sending (like .NET's `WebSocketMessageFlags`).
public struct DeflateMessageFlags: OptionSet, Sendable, Hashable {
    /// The flag bits.
    public let rawValue: UInt8

    /// Creates flags from their raw bits.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Send this message uncompressed even though compression was negotiated
    /// (.NET's `WebSocketMessageFlags.DisableCompression`), e.g. for data mixing secrets with
    /// attacker-controlled text, or data already compressed.
    public static let disableCompression = DeflateMessageFlags(rawValue: 1)
}
