import WebSocketCore

/// One element of a `Sec-WebSocket-Extensions` list: an extension name and its parameters,
/// in the order they appeared. Names are lower-cased (they compare case-insensitively); values are
/// kept as sent, with quoted strings unquoted and unescaped.
public struct ExtensionHeaderElement: Sendable, Hashable {
    /// One `name[=value]` parameter of an extension.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name, lower-cased.
        public var name: String
        /// The value, or nil for a parameter without `=`.
        public var value: String?

        /// Creates a parameter.
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// The extension token, lower-cased (e.g. `permessage-deflate`).
    public var name: String
    /// The parameters in header order.
    public var parameters: [Parameter]

    /// Creates an element.
    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }
}

/// A parser for `Sec-WebSocket-Extensions` values (RFC 6455 §9.1, with HTTP's optional whitespace
/// and empty list elements, RFC 9110 §5.6.1):
///
///     extension-list = 1#extension
///     extension      = extension-token *( ";" extension-param )
///     extension-param = token [ "=" ( token / quoted-string ) ]
///
/// A quoted value must still be a token once unescaped (RFC 6455 §9.1). Several header lines are
/// one list: join their values with `", "` before parsing.
public enum ExtensionHeader {
    /// Parses a header value into its elements; an empty value gives an empty list.
    public static func parse(_ value: String) throws(DeflateNegotiationError) -> [ExtensionHeaderElement] {
        var parser = Parser(bytes: Array(value.utf8))
        return try parser.parseList()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let b = peek, b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") { index += 1 }
        }

        func failure() -> DeflateNegotiationError { .malformedHeader(offset: index) }

        mutating func parseList() throws(DeflateNegotiationError) -> [ExtensionHeaderElement] {
            var elements: [ExtensionHeaderElement] = []
            while true {
                skipWhitespace()
                guard let b = peek else { return elements }
                if b == UInt8(ascii: ",") {  // empty list element: ignored
                    index += 1
                    continue
                }
                elements.append(try parseElement())
                skipWhitespace()
                if let b = peek {
                    guard b == UInt8(ascii: ",") else { throw failure() }
                    index += 1
                }
            }
        }

        mutating func parseElement() throws(DeflateNegotiationError) -> ExtensionHeaderElement {
            var element = ExtensionHeaderElement(name: try parseToken(lowercased: true))
            skipWhitespace()
            while peek == UInt8(ascii: ";") {
                index += 1
                skipWhitespace()
                var parameter = ExtensionHeaderElement.Parameter(name: try parseToken(lowercased: true))
                skipWhitespace()
                if peek == UInt8(ascii: "=") {
                    index += 1
                    skipWhitespace()
                    parameter.value =
                        peek == UInt8(ascii: "\"") ? try parseQuotedToken() : try parseToken(lowercased: false)
                    skipWhitespace()
                }
                element.parameters.append(parameter)
            }
            return element
        }

        mutating func parseToken(lowercased: Bool) throws(DeflateNegotiationError) -> String {
            let start = index
            while let b = peek, HTTPSyntax.isTokenCharacter(b) { index += 1 }
            guard index > start else { throw failure() }
            var token = bytes[start..<index]
            if lowercased {
                for i in token.indices where token[i] >= UInt8(ascii: "A") && token[i] <= UInt8(ascii: "Z") {
                    token[i] |= 0x20
                }
            }
            return String(decoding: token, as: UTF8.self)
        }

        /// A quoted-string whose unescaped content is a non-empty token.
        mutating func parseQuotedToken() throws(DeflateNegotiationError) -> String {
            index += 1  // opening quote
            var content: [UInt8] = []
            while true {
                guard var b = peek else { throw failure() }
                index += 1
                if b == UInt8(ascii: "\"") { break }
                if b == UInt8(ascii: "\\") {
                    guard let escaped = peek else { throw failure() }
                    index += 1
                    b = escaped
                }
                guard HTTPSyntax.isTokenCharacter(b) else {
                    index -= 1
                    throw failure()
                }
                content.append(b)
            }
            guard !content.isEmpty else { throw failure() }
            return String(decoding: content, as: UTF8.self)
        }
    }
}
