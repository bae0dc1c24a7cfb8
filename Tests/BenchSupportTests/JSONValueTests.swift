import BenchSupport
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("reads what JSONWriter writes: nesting, escapes, numbers kept exact")
    func roundTrip() throws {
        var w = JSONWriter()
        w.beginObject()
        w.string("s", "a \"quoted\"\n\\ é")
        w.uint("big", 18_446_744_073_709_551_615)
        w.double("d", 1.25)
        w.beginArray("list")
        w.int(nil, -3)
        w.string(nil, nil)
        w.bool(nil, true)
        w.endArray()
        w.beginObject("empty")
        w.endObject()
        w.endObject()
        let json = try JSONValue.parse(w.text)
        #expect(json["s"]?.string == "a \"quoted\"\n\\ é")
        #expect(json["big"] == .number("18446744073709551615"))
        #expect(json["d"]?.double == 1.25)
        #expect(json["list"] == .array([.number("-3"), .null, .bool(true)]))
        #expect(json["empty"] == .object([]))
    }

    @Test("malformed text is refused with the offset of the problem")
    func malformed() {
        for text in ["", "{", "{\"a\" 1}", "[1,]", "tru", "{\"a\":1} x", "\"open"] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
        }
        #expect(throws: JSONParseError(offset: 5, reason: "expected ',' or ']'")) { try JSONValue.parse("[1, 2}") }
    }
}
