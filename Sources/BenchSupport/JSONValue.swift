/// A parsed JSON value, for reading wsbench's own result files back (`wsbench merge`, `wsbench report`;
/// no Foundation; off every hot path).
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, kept as its text so integers stay exact and comparisons are of what was written.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in file order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member `key` of an object (nil otherwise or when missing).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The value as a Double (a number, or a string holding one, as some result fields are written).
    public var double: Double? {
        switch self {
        case .number(let t), .string(let t): return Double(t)
        default: return nil
        }
    }
    /// The value as an Int (integral numbers only).
    public var int: Int? { if case .number(let t) = self { return Int(t) ?? Double(t).flatMap { Int(exactly: $0) } } else { return nil } }
    /// The value as a String (strings only).
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The elements of an array.
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The members of an object.
    public var members: [(String, JSONValue)]? { if case .object(let m) = self { return m } else { return nil } }

    /// Compact text of the value (for messages).
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let t): return t
        case .string(let s): return "\"" + s + "\""
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object(let m): return "{" + m.map { "\"\($0.0)\":\($0.1.text)" }.joined(separator: ",") + "}"
        }
    }

    /// Parses `text`; throws ``JSONParseError`` with the byte offset of the first problem.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipBlanks()
        let value = try parser.value(depth: 0)
        parser.skipBlanks()
        guard parser.offset == parser.bytes.count else { throw JSONParseError(offset: parser.offset, reason: "text after the value") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var offset = 0

        mutating func skipBlanks() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: offset, reason: reason) }

        mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
            let w = Array(word.utf8)
            guard offset + w.count <= bytes.count, Array(bytes[offset..<offset + w.count]) == w else { throw fail("unexpected character") }
            offset += w.count
            return value
        }

        mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth < 64 else { throw fail("nested too deeply") }
            guard offset < bytes.count else { throw fail("unexpected end") }
            switch bytes[offset] {
            case UInt8(ascii: "{"):
                offset += 1
                var members: [(String, JSONValue)] = []
                skipBlanks()
                if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    return .object(members)
                }
                while true {
                    skipBlanks()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                    let key = try string()
                    skipBlanks()
                    guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    offset += 1
                    skipBlanks()
                    members.append((key, try value(depth: depth + 1)))
                    skipBlanks()
                    guard offset < bytes.count else { throw fail("unexpected end") }
                    if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                    guard bytes[offset] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                    offset += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                offset += 1
                var elements: [JSONValue] = []
                skipBlanks()
                if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                    offset += 1
                    return .array(elements)
                }
                while true {
                    skipBlanks()
                    elements.append(try value(depth: depth + 1))
                    skipBlanks()
                    guard offset < bytes.count else { throw fail("unexpected end") }
                    if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
                    guard bytes[offset] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                    offset += 1
                    return .array(elements)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                let start = offset
                while offset < bytes.count, "+-.eE0123456789".utf8.contains(bytes[offset]) { offset += 1 }
                let text = String(decoding: bytes[start..<offset], as: UTF8.self)
                guard !text.isEmpty, Double(text) != nil else {
                    offset = start
                    throw fail("unexpected character")
                }
                return .number(text)
            }
        }

        mutating func string() throws(JSONParseError) -> String {
            offset += 1  // the opening quote
            var out: [UInt8] = []
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { throw fail("unexpected end") }
                    let escaped = bytes[offset]
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard offset + 4 <= bytes.count,
                            let unit = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
                        else { throw fail("bad \\u escape") }
                        offset += 4
                        // Surrogates are not expected in result files; one becomes U+FFFD.
                        out += Array(String(Character(Unicode.Scalar(unit) ?? "\u{FFFD}")).utf8)
                    default: out.append(escaped)
                    }
                default:
                    out.append(byte)
                }
            }
            throw fail("unterminated string")
        }
    }
}

/// Why a file is not JSON: where (byte offset) and what.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// The byte offset of the problem.
    public var offset: Int
    /// What was wrong.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "not JSON at byte \(offset): \(reason)" }
}
