import BenchSupport
import WebSocketCore

/// The user's own messages, read from a file (`--payload-file`) and replayed in order, cycled, with
/// every echo verified.
///
/// Each message carries the run's 16-digit ``SequenceStamp``, which **overwrites 16 of its bytes**:
/// bytes 8–23, or 0–15 in messages of 16 to 23 bytes (the same place as in generated content).
/// Messages shorter than 16 bytes are refused. In a JSON Lines file the stamp must not cut a UTF-8
/// character in two (bytes 8 and 24 must not be continuation bytes), so the text stays valid.
public struct PayloadFile: Sendable, Equatable {
    /// How the file was read.
    public var format: PayloadFileFormat
    /// The messages, in file order.
    public var messages: [[UInt8]]

    /// The messages' frame type: text for JSON Lines, binary for length-prefixed files.
    public var opcode: Opcode { format == .jsonLines ? .text : .binary }

    /// Reads `path` in `format`, or in the format its extension names.
    public static func load(_ path: String, format: PayloadFileFormat? = nil) throws(PayloadFileError) -> PayloadFile {
        guard let format = format ?? PayloadFileFormat(path: path) else {
            throw PayloadFileError(
                path: path, reason: "name the format with --payload-format jsonl|binary (or use .jsonl, .ndjson, .bin)")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readBytes(path)
        } catch {
            throw PayloadFileError(path: path, reason: "\(error)")
        }
        return try parse(bytes, format: format, path: path)
    }

    /// Splits `bytes` into messages; `path` only names the file in errors.
    public static func parse(_ bytes: [UInt8], format: PayloadFileFormat, path: String) throws(PayloadFileError) -> PayloadFile {
        let messages = format == .jsonLines ? try jsonLines(bytes, path: path) : try lengthPrefixed(bytes, path: path)
        if messages.isEmpty { throw PayloadFileError(path: path, reason: "no messages") }
        return PayloadFile(format: format, messages: messages)
    }

    /// A reason the messages cannot be sent with `opcode` under `maximumLength`, if any.
    public func problem(maximumLength: Int, opcode: Opcode) -> String? {
        if opcode != self.opcode {
            return "a \(format.rawValue) payload file sends \(self.opcode == .text ? "text" : "binary") messages"
        }
        if let index = messages.firstIndex(where: { $0.count > maximumLength }) {
            return
                "payload message \(index + 1) has \(messages[index].count) bytes, more than the largest allowed (\(maximumLength))"
        }
        return nil
    }

    private static func jsonLines(_ bytes: [UInt8], path: String) throws(PayloadFileError) -> [[UInt8]] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var messages: [[UInt8]] = []
        for (index, slice) in lines.enumerated() {
            var line = Array(slice)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let location = "line \(index + 1)"
            var validator = UTF8Validator()
            let valid = line.withUnsafeBytes { validator.validate($0) } && validator.finish()
            if !valid {
                throw PayloadFileError(
                    path: path, location: location, reason: "not valid UTF-8 at byte \(validator.invalidByteOffset ?? line.count)"
                )
            }
            try checkLength(line.count, path: path, location: location)
            let offset = line.count >= 8 + SequenceStamp.width ? 8 : 0
            let end = offset + SequenceStamp.width
            if line[offset] & 0xC0 == 0x80 || (end < line.count && line[end] & 0xC0 == 0x80) {
                throw PayloadFileError(
                    path: path, location: location,
                    reason: "the stamp (bytes \(offset)–\(end - 1)) would cut a UTF-8 character in two; start the line with ASCII"
                )
            }
            messages.append(line)
        }
        return messages
    }

    private static func lengthPrefixed(_ bytes: [UInt8], path: String) throws(PayloadFileError) -> [[UInt8]] {
        var messages: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            let location = "offset \(offset)"
            guard bytes.count - offset >= 4 else {
                throw PayloadFileError(
                    path: path, location: location,
                    reason: "a 4-byte length prefix starts here but only \(bytes.count - offset) bytes are left")
            }
            let length =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let left = bytes.count - offset - 4
            guard length <= left else {
                throw PayloadFileError(
                    path: path, location: location,
                    reason: "a message of \(length) bytes runs past the end of the file (\(left) bytes left)")
            }
            try checkLength(length, path: path, location: location)
            messages.append(Array(bytes[(offset + 4)..<(offset + 4 + length)]))
            offset += 4 + length
        }
        return messages
    }

    private static func checkLength(_ length: Int, path: String, location: String) throws(PayloadFileError) {
        if length < SequenceStamp.width {
            throw PayloadFileError(
                path: path, location: location, reason: "\(length) bytes, shorter than the \(SequenceStamp.width)-byte stamp")
        }
    }
}
