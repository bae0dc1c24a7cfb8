import COpenSSL

/// The SHA-256 digest of a certificate's DER encoding, written as `openssl x509 -fingerprint
/// -sha256` writes it (`3A:F1:…`, 32 upper-case hex pairs): how a self-signed certificate is
/// recognised without a CA, and how tests check which certificate a server presented.
public struct TLSFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// The fingerprint of `certificate` (an `X509*`); nil if OpenSSL cannot encode it.
    init?(_ certificate: OpaquePointer) {
        var digest = [UInt8](repeating: 0, count: 32)
        guard wsb_x509_sha256(certificate, &digest) == 1 else {
            _ = TLSError.takeQueuedReasons()
            return nil
        }
        bytes = digest
    }

    /// A fingerprint written as hex, with or without colons, in either case; nil unless it is 32 bytes.
    public init?(hex: String) {
        let digits = hex.unicodeScalars.filter { $0 != ":" }.map { Character($0) }
        guard digits.count == 64 else { return nil }
        var parsed: [UInt8] = []
        parsed.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(digits[i...i + 1]), radix: 16) else { return nil }
            parsed.append(byte)
        }
        bytes = parsed
    }

    /// `3A:F1:…`.
    public var description: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (i, byte) in bytes.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
