/// Comma-separated lists in header values (RFC 9110 §5.6.1), such as `Connection: keep-alive, Upgrade`.
///
/// Elements are split at every comma and trimmed of `SP`/`HTAB`; empty elements are skipped.
/// Quoted strings are not special-cased: the lists this is used for (`Upgrade`, `Connection`,
/// `Sec-WebSocket-Protocol`) are lists of tokens.
public enum HTTPTokenList {
    /// The non-empty, trimmed elements of `value`.
    public static func elements(of value: String) -> [String] {
        var value = value
        return value.withUTF8 { utf8 in
            var result: [String] = []
            _ = forEachElement(UnsafeRawBufferPointer(utf8)) { bytes, range in
                result.append(HTTPSyntax.string(bytes, range))
                return false
            }
            return result
        }
    }

    /// Whether `value` has an element equal to `token`, ignoring ASCII case.
    public static func contains(_ token: String, in value: String) -> Bool {
        var value = value
        var token = token
        return token.withUTF8 { tokenUTF8 in
            value.withUTF8 { utf8 in
                forEachElement(UnsafeRawBufferPointer(utf8)) { bytes, range in
                    HTTPSyntax.equalsIgnoringCase(UnsafeRawBufferPointer(rebasing: bytes[range]), UnsafeRawBufferPointer(tokenUTF8))
                }
            }
        }
    }

    /// Calls `body` with each non-empty trimmed element's range until it returns `true`;
    /// returns whether it did.
    static func forEachElement(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, Range<Int>) -> Bool
    ) -> Bool {
        var start = 0
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == HTTPSyntax.comma {
                let element = HTTPSyntax.trimmed(bytes, start..<i)
                if !element.isEmpty, body(bytes, element) { return true }
                start = i + 1
            }
            i += 1
        }
        return false
    }
}
