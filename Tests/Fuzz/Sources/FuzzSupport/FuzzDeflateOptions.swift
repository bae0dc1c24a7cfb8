import PerMessageDeflate

/// permessage-deflate configurations chosen by one input byte each, so that libFuzzer explores the
/// options along with the header text.
public enum FuzzDeflateOptions {
    /// A server's options. Bit 0 set: compression disabled; bits 1–3: `serverMaxWindowBits` 8 + value;
    /// bit 4: `disableServerContextTakeover`; bit 5: `requestClientNoContextTakeover`; bits 6–7:
    /// `clientMaxWindowBits` 15, 12, 8 + (bits 1–3) or 9.
    public static func server(_ byte: UInt8) -> DeflateOptions {
        let bits = 8 + Int(byte >> 1 & 7)
        return DeflateOptions(
            enableCompression: byte & 1 == 0, serverMaxWindowBits: bits,
            disableServerContextTakeover: byte & 0x10 != 0,
            clientMaxWindowBits: [15, 12, bits, 9][Int(byte >> 6)],
            requestClientNoContextTakeover: byte & 0x20 != 0)
    }

    /// A client's options (always offering compression). Bit 0: `requestServerNoContextTakeover`;
    /// bit 1: `disableClientContextTakeover`; bits 2–4: a window value v; bit 5:
    /// `serverMaxWindowBits` 8 + v (else not offered); bits 6–7: `client_max_window_bits` not
    /// offered, offered without a value, limited to 8 + v, or limited to 15 − v.
    public static func client(_ byte: UInt8) -> DeflateClientOptions {
        let value = Int(byte >> 2 & 7)
        let clientBits: DeflateClientOptions.ClientMaxWindowBits
        switch byte >> 6 {
        case 0: clientBits = .notOffered
        case 1: clientBits = .withoutValue
        case 2: clientBits = .limit(8 + value)
        default: clientBits = .limit(15 - value)
        }
        return DeflateClientOptions(
            requestServerNoContextTakeover: byte & 1 != 0, disableClientContextTakeover: byte & 2 != 0,
            serverMaxWindowBits: byte & 0x20 != 0 ? 8 + value : nil, clientMaxWindowBits: clientBits)
    }

    /// The client options that send exactly `offer` (what a client that made this offer expects).
    public static func client(making offer: DeflateOffer) -> DeflateClientOptions {
        let clientBits: DeflateClientOptions.ClientMaxWindowBits
        if let bits = offer.clientMaxWindowBits {
            clientBits = .limit(bits)
        } else {
            clientBits = offer.clientMaxWindowBitsPresent ? .withoutValue : .notOffered
        }
        return DeflateClientOptions(
            requestServerNoContextTakeover: offer.serverNoContextTakeover,
            disableClientContextTakeover: offer.clientNoContextTakeover,
            serverMaxWindowBits: offer.serverMaxWindowBits, clientMaxWindowBits: clientBits)
    }
}
