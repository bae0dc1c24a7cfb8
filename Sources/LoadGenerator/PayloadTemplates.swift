import WebSocketCore

/// One payload shape: its bytes (with a blank stamp) and where the stamp goes.
public struct PayloadTemplate {
    /// The payload with zeros where the stamp goes.
    public let bytes: UnsafeMutableRawPointer
    /// Payload length.
    public let count: Int
    /// Offset of the stamp (0 or 8: a multiple of 4, so the masking key lines up with it).
    public let stampOffset: Int
    /// Bytes of the stamp present (16, or fewer in payloads shorter than 16 bytes).
    public let stampWidth: Int
}

/// The payload shapes of a run, one per configured size, built once and shared read-only by all
/// threads: verification compares echoes with them (`memcmp`) and the stamp.
public final class PayloadTemplates: @unchecked Sendable {
    /// One template per configured size, in the configuration's order.
    public let templates: [PayloadTemplate]

    /// Builds templates for `sizes` with `content` (text-safe ASCII when `opcode` is text).
    public init(sizes: [Int], content: PayloadContent, opcode: Opcode) {
        var built: [PayloadTemplate] = []
        for (index, size) in sizes.enumerated() {
            let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1) + 16, alignment: 16)
            switch content {
            case .json: PayloadTemplates.fillJSON(bytes, count: size, seed: UInt64(index))
            case .random: PayloadTemplates.fillRandom(bytes, count: size, seed: UInt64(index), text: opcode == .text)
            }
            let offset = size >= 8 + SequenceStamp.width ? 8 : 0
            let width = min(SequenceStamp.width, size)
            for i in 0..<width { bytes.storeBytes(of: UInt8(ascii: "0"), toByteOffset: offset + i, as: UInt8.self) }
            built.append(PayloadTemplate(bytes: bytes, count: size, stampOffset: offset, stampWidth: width))
        }
        templates = built
    }

    deinit {
        for template in templates { template.bytes.deallocate() }
    }

    /// The largest payload.
    public var maximumCount: Int { templates.map(\.count).max() ?? 0 }

    /// JSON-like records (`{"seq":"…","user":"user_17","action":"update",…}`) cut to `count` bytes.
    static func fillJSON(_ bytes: UnsafeMutableRawPointer, count: Int, seed: UInt64) {
        var text: [UInt8] = []
        text.reserveCapacity(count + 256)
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: UInt64) -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (state >> 33) % bound
        }
        let actions = ["update", "create", "delete", "subscribe", "publish", "query"]
        let words = ["alpha", "beta", "gamma", "delta", "price", "volume", "open", "close", "bid", "ask"]
        text += Array(#"{"seq":""#.utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: 16) + Array(#"","#.utf8)
        while text.count < count {
            let record =
                #"{"id":\#(next(100_000)),"user":"user_\#(next(500))","action":"\#(actions[Int(next(6))])","#
                + #""value":\#(next(10_000)).\#(next(100)),"tags":["\#(words[Int(next(10))])","\#(words[Int(next(10))])"],"#
                + #""ok":\#(next(2) == 0 ? "true" : "false")},"#
            text += Array(record.utf8)
        }
        text.withUnsafeBytes { bytes.copyMemory(from: $0.baseAddress!, byteCount: count) }
    }

    /// Random bytes (printable ASCII for text messages) from a fixed seed.
    static func fillRandom(_ bytes: UnsafeMutableRawPointer, count: Int, seed: UInt64, text: Bool) {
        var state = seed &+ 0x2545_F491_4F6C_DD1D
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let byte = UInt8(truncatingIfNeeded: state >> 24)
            bytes.storeBytes(of: text ? 0x20 &+ byte % 95 : byte, toByteOffset: i, as: UInt8.self)
        }
    }
}
