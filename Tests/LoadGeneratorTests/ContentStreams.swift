import CZlib
import LoadGenerator
import PerMessageDeflate

/// The messages a connection sends, and their compression through wsbench's deflater and through
/// zlib directly (test support for the content tests).
enum ContentStreams {
    /// Messages 0..<count of connection `connection`: template `(connection + k) mod templates`, stamped.
    static func messages(_ templates: PayloadTemplates, connection: UInt64 = 0, count: Int) -> [[UInt8]] {
        (0..<count).map { k in
            let template = templates.templates[Int((connection + UInt64(k)) % UInt64(templates.templates.count))]
            var bytes = [UInt8](UnsafeRawBufferPointer(start: template.bytes, count: template.count))
            let stamp = SequenceStamp.words(SequenceStamp.value(connection: connection, message: UInt64(k)))
            withUnsafeBytes(of: stamp) { digits in
                for i in 0..<template.stampWidth { bytes[template.stampOffset + i] = digits[i] }
            }
            return bytes
        }
    }

    /// Compressed bytes per message through `MessageDeflater` (RFC 7692: without the `00 00 ff ff` tail).
    static func wsbenchSizes(_ messages: [[UInt8]], windowBits: Int, level: Int, memoryLevel: Int, contextTakeover: Bool) -> [Int]
    {
        let deflater = MessageDeflater(
            windowBits: windowBits, noContextTakeover: !contextTakeover, level: level, memoryLevel: memoryLevel)
        return messages.map { message in message.withUnsafeBytes { deflater.compress($0).count } }
    }

    /// Compressed bytes per message through zlib itself: raw `deflateInit2` with the same level,
    /// window and memLevel, `Z_SYNC_FLUSH` per message, `deflateReset` between messages without
    /// context takeover. Each size includes zlib's 4-byte `00 00 ff ff` flush marker.
    static func zlibSizes(_ messages: [[UInt8]], windowBits: Int, level: Int, memoryLevel: Int, contextTakeover: Bool) -> [Int] {
        let stream = UnsafeMutablePointer<wsb_zstream>.allocate(capacity: 1)
        defer { stream.deallocate() }
        precondition(wsb_deflate_init_raw(stream, Int32(level), Int32(windowBits), Int32(memoryLevel)) == Z_OK)
        defer { deflateEnd(&stream.pointee.stream) }
        var output = [UInt8](repeating: 0, count: 1 << 20)
        return messages.map { message in
            var input = message
            let produced = input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    stream.pointee.stream.next_in = inBuffer.baseAddress
                    stream.pointee.stream.avail_in = uInt(inBuffer.count)
                    stream.pointee.stream.next_out = outBuffer.baseAddress
                    stream.pointee.stream.avail_out = uInt(outBuffer.count)
                    precondition(deflate(&stream.pointee.stream, Z_SYNC_FLUSH) == Z_OK)
                    precondition(stream.pointee.stream.avail_in == 0)
                    return outBuffer.count - Int(stream.pointee.stream.avail_out)
                }
            }
            if !contextTakeover { deflateReset(&stream.pointee.stream) }
            return produced
        }
    }

    /// Payload bytes per compressed byte.
    static func ratio(_ messages: [[UInt8]], _ compressed: [Int]) -> Double {
        Double(messages.reduce(0) { $0 + $1.count }) / Double(compressed.reduce(0, +))
    }

    /// The zlib ratio of `count` messages of `content` at `size` (connection 0's stream).
    static func zlibRatio(
        _ content: PayloadContent, size: Int, count: Int = 512, windowBits: Int = 15, memoryLevel: Int = 8,
        contextTakeover: Bool = true
    ) -> Double {
        let messages = messages(PayloadTemplates(sizes: [size], content: content, opcode: .text), count: count)
        return ratio(
            messages,
            zlibSizes(messages, windowBits: windowBits, level: 1, memoryLevel: memoryLevel, contextTakeover: contextTakeover))
    }
}
