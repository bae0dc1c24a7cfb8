import PerMessageDeflate
import WebSocketCore

/// Sends messages both ways over a negotiated permessage-deflate connection: each side compresses
/// with its own parameters, the other inflates with its own, and every message must come back
/// byte for byte (a window or context-takeover mismatch shows up as corrupt or failed inflation).
public enum DeflateRoundTrip {
    /// Round-trips `messages`, in order (so context takeover carries from one to the next), for
    /// every pair of libraries on the two sides (zlib, ISA-L, libdeflate).
    public static func check(server: DeflateParameters, client: DeflateParameters, messages: [[UInt8]]) {
        for serverLibrary in DeflateImplementation.allCases {
            for clientLibrary in DeflateImplementation.allCases {
                let serverSession = DeflateSession(
                    parameters: server, role: .server, maximumMessageSize: 1 << 20, implementation: serverLibrary)
                let clientSession = DeflateSession(
                    parameters: client, role: .client, maximumMessageSize: 1 << 20, implementation: clientLibrary)
                let libraries = "\(serverLibrary) / \(clientLibrary)"
                for message in messages {
                    send(message, from: serverSession, to: clientSession, "server → client (\(server) / \(client), \(libraries))")
                    send(message, from: clientSession, to: serverSession, "client → server (\(client) / \(server), \(libraries))")
                }
            }
        }
    }

    private static func send(_ message: [UInt8], from sender: DeflateSession, to receiver: DeflateSession, _ context: String) {
        let compressed = message.withUnsafeBytes { Array(sender.deflater.compress($0)) }
        do {
            let inflated = try compressed.withUnsafeBytes { Array(try receiver.inflater.inflateMessage($0)) }
            require(inflated == message, "\(context): a \(message.count)-byte message came back as \(inflated.count) bytes")
        } catch {
            require(false, "\(context): a \(message.count)-byte message failed to inflate: \(error)")
        }
    }

    /// A few messages made from `seed`: as is, doubled with a reversed copy (long matches), and
    /// empty (the one-byte empty-block case).
    public static func messages(from seed: [UInt8]) -> [[UInt8]] {
        let bounded = Array(seed.prefix(2048))
        return [bounded, bounded + bounded.reversed() + bounded, [], bounded]
    }
}
