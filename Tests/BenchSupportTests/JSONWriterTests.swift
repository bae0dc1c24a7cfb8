import BenchSupport
import Testing

@Suite struct JSONWriterTests {
    @Test func writesNestedObjectsAndArrays() {
        var w = JSONWriter()
        w.beginObject()
        w.string("name", "a \"b\"\n")
        w.string("none", nil)
        w.beginArray("values")
        w.int(nil, 1)
        w.double(nil, 2.5, digits: 1)
        w.double(nil, .nan)
        w.endArray()
        w.bool("ok", true)
        w.endObject()
        #expect(w.text == #"{"name":"a \"b\"\n","none":null,"values":[1,2.5,null],"ok":true}"#)
    }

    @Test func escapesControlCharacters() {
        #expect(JSONWriter.quoted("\u{1}") == #""\u0001""#)
    }
}
