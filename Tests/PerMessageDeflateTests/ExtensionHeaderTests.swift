import PerMessageDeflate
import Testing

@Suite struct ExtensionHeaderTests {
    typealias Element = ExtensionHeaderElement
    typealias Parameter = ExtensionHeaderElement.Parameter

    @Test func severalExtensionsWithParametersQuotesWhitespaceAndCase() throws {
        let elements = try ExtensionHeader.parse(
            " Foo ;  A=1 ;b ,\tPermessage-Deflate; Client_Max_Window_Bits=\"1\\5\" ,, bar")
        #expect(
            elements == [
                Element(name: "foo", parameters: [Parameter(name: "a", value: "1"), Parameter(name: "b")]),
                Element(name: "permessage-deflate", parameters: [Parameter(name: "client_max_window_bits", value: "15")]),
                Element(name: "bar"),
            ])
    }

    @Test func emptyValueIsAnEmptyList() throws {
        #expect(try ExtensionHeader.parse("").isEmpty)
        #expect(try ExtensionHeader.parse(" , ,").isEmpty)
    }

    @Test(arguments: [
        ("permessage-deflate;", 19),
        ("permessage-deflate; ; a", 20),
        ("permessage-deflate a", 19),
        ("permessage-deflate; =10", 20),
        ("permessage-deflate; a=", 22),
        ("permessage-deflate; a=\"\"", 24),
        ("permessage-deflate; a=\"1 0\"", 24),
        ("permessage-deflate; a=\"10", 25),
        ("permessage-deflate; a=\"10\\", 26),
        ("; a", 0),
        ("permessage-deflaté", 17),
        ("a=1", 1),
        ("permessage-deflate; a=1=2", 23),
        ("permessage-deflate; a=\"1\"2", 25),
    ])
    func malformedHeaderReportsTheOffset(value: String, offset: Int) {
        #expect(throws: DeflateNegotiationError.malformedHeader(offset: offset)) {
            try ExtensionHeader.parse(value)
        }
    }
}
