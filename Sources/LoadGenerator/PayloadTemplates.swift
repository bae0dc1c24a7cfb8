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

/// The payloads of a run, built once at start-up and shared read-only by all threads:
/// verification compares echoes with them (`memcmp`) and the stamp.
///
/// With several sizes the list interleaves them (entry `i` has size `sizes[i % sizes.count]`), so
/// message *k* of connection *c* still has `sizes[(c + k) % sizes.count]`; each size contributes its
/// pool of distinct messages (``ContentPool``; one message for `json`), a smaller pool repeating
/// within the longest.
public final class PayloadTemplates: @unchecked Sendable {
    /// The templates messages cycle through.
    public let templates: [PayloadTemplate]
    /// The allocations behind the templates (a pool entry may appear in several templates).
    private let storage: [UnsafeMutableRawPointer]

    /// The templates `configuration` asks for: its payload file's messages, or its sizes filled
    /// with its content kind.
    public convenience init(_ configuration: LoadConfiguration) {
        if let file = configuration.payloadFile {
            self.init(pools: [file.messages])
        } else {
            self.init(sizes: configuration.sizes, content: configuration.content, opcode: configuration.opcode, seed: configuration.contentSeed)
        }
    }

    /// Builds templates for `sizes` with `content` (valid UTF-8 when `opcode` is text), from `seed`.
    public convenience init(sizes: [Int], content: PayloadContent, opcode: Opcode, seed: UInt64 = 1) {
        self.init(pools: sizes.enumerated().map { index, size in
            switch content {
            case .json, .file:
                var bytes = [UInt8](repeating: 0, count: size)
                bytes.withUnsafeMutableBytes { PayloadTemplates.fillJSON($0.baseAddress!, count: size, seed: UInt64(index)) }
                return [bytes]
            default:
                return ContentPool.messages(content, size: size, seed: seed, text: opcode == .text)
            }
        })
    }

    /// Templates from one pool of messages per size (interleaved); each gets a blank stamp at
    /// offset 8 (0 when shorter than 24 bytes), over at most its first 16 bytes.
    init(pools: [[[UInt8]]]) {
        var storage: [[UnsafeMutableRawPointer]] = []
        var shapes: [[PayloadTemplate]] = []
        for pool in pools {
            var pointers: [UnsafeMutableRawPointer] = []
            var built: [PayloadTemplate] = []
            for message in pool {
                let size = message.count
                let bytes = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1) + 16, alignment: 16)
                message.withUnsafeBytes { if size > 0 { bytes.copyMemory(from: $0.baseAddress!, byteCount: size) } }
                let offset = size >= 8 + SequenceStamp.width ? 8 : 0
                let width = min(SequenceStamp.width, size)
                for i in 0..<width { bytes.storeBytes(of: UInt8(ascii: "0"), toByteOffset: offset + i, as: UInt8.self) }
                pointers.append(bytes)
                built.append(PayloadTemplate(bytes: bytes, count: size, stampOffset: offset, stampWidth: width))
            }
            storage.append(pointers)
            shapes.append(built)
        }
        let longest = shapes.map(\.count).max() ?? 0
        var list: [PayloadTemplate] = []
        list.reserveCapacity(longest * shapes.count)
        for j in 0..<longest {
            for pool in shapes { list.append(pool[j % pool.count]) }
        }
        templates = list
        self.storage = storage.flatMap { $0 }
    }

    deinit {
        for bytes in storage { bytes.deallocate() }
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
}
