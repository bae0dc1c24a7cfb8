import Testing
@testable import WebSocketCore

@Suite struct Base64Tests {
    @Test func rfc4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func roundTripsEveryLengthAndByte() {
        for n in 0...70 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ n) }
            let encoded = Base64.encode(bytes)
            #expect(encoded.utf8.count == Base64.encodedCount(forByteCount: n))
            #expect(Base64.decode(encoded) == bytes, "length \(n)")
            #expect(Base64.decodedCount(of: encoded) == n)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test func usesStandardAlphabetWithPlusAndSlash() {
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test func encodeIntoCallerBuffer() {
        var out = [UInt8](repeating: 0, count: 8)
        let written = Array("foob".utf8).withUnsafeBytes { source in
            out.withUnsafeMutableBytes { Base64.encode(source, into: $0) }
        }
        #expect(written == 8)
        #expect(out == Array("Zm9vYg==".utf8))
    }

    @Test func sixteenByteKeyCheck() {
        #expect(Base64.decodedCount(of: "dGhlIHNhbXBsZSBub25jZQ==") == 16)
        #expect(Base64.decodedCount(of: "AAAAAAAAAAAAAAAAAAAAAA==") == 16)
        #expect(Base64.decodedCount(of: "dGhlIHNhbXBsZSBub25jZQ") == nil)      // padding missing
        #expect(Base64.decodedCount(of: "dGhlIHNhbXBsZSBub25jZXg=") == 17)
        #expect(Base64.decodedCount(of: "dGhlIHNhbXBsZSBub25j") == 15)
    }

    @Test func rejectsInvalidInput() {
        for bad in ["Zg=", "Zg", "Z===", "====", "Zm9v!A==", "Zm=v", "Zg==Zm9v", "Zm9v Yg==", "Zm-_"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
            #expect(Base64.decodedCount(of: bad) == nil, "\(bad)")
        }
    }
}
