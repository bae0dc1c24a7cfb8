/// A small JSON text builder for result files (no Foundation): objects, arrays, strings, numbers.
/// Each value takes a name inside an object and nil inside an array.
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject()
/// w.int("repeats", 3)
/// w.endObject()
/// w.text   // {"repeats":3}
/// ```
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var text = ""

    /// An empty document.
    public init() {}
    private var needsComma = [false]

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ name: String?) {
        separate()
        if let name { text += JSONWriter.quoted(name) + ":" }
    }

    /// Opens an object (named `name` inside an object).
    public mutating func beginObject(_ name: String? = nil) {
        open(name, "{")
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        close("}")
    }

    /// Opens an array (named `name` inside an object).
    public mutating func beginArray(_ name: String? = nil) {
        open(name, "[")
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        close("]")
    }

    private mutating func open(_ name: String?, _ bracket: String) {
        key(name)
        text += bracket
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        needsComma.removeLast()
        text += bracket
    }

    /// A string value, or `null` for nil.
    public mutating func string(_ name: String?, _ value: String?) {
        key(name)
        text += value.map(JSONWriter.quoted) ?? "null"
    }

    /// An integer value.
    public mutating func int(_ name: String?, _ value: Int) {
        key(name)
        text += String(value)
    }

    /// An unsigned integer value.
    public mutating func uint(_ name: String?, _ value: UInt64) {
        key(name)
        text += String(value)
    }

    /// A number with `digits` decimals; `null` when it is not finite.
    public mutating func double(_ name: String?, _ value: Double, digits: Int = 3) {
        key(name)
        text += value.isFinite ? Format.fixed(value, digits) : "null"
    }

    /// `true` or `false`.
    public mutating func bool(_ name: String?, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// `value` as a JSON string literal.
    public static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
