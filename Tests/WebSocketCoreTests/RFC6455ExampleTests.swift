import Testing
import WebSocketCore

/// The byte examples of RFC 6455 §5.7, decoded and encoded.
@Suite struct RFC6455ExampleTests {
    let hello: [UInt8] = Array("Hello".utf8)

    @Test func singleFrameUnmaskedText() {
        let wire: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
        #expect(readMessages(wire, role: .client) == [.message(.text, hello, compressed: false)])
        #expect(frame(.text, hello) == wire)
    }

    @Test func singleFrameMaskedText() {
        let wire: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(readMessages(wire, role: .server) == [.message(.text, hello, compressed: false)])
        #expect(frame(.text, hello, key: testKey) == wire)
    }

    @Test func fragmentedUnmaskedText() {
        let wire: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F]
        #expect(readMessages(wire, role: .client) == [.message(.text, hello, compressed: false)])
        #expect(frame(.text, Array("Hel".utf8), fin: false) + frame(.continuation, Array("lo".utf8)) == wire)
    }

    @Test func unmaskedPingAndMaskedPong() {
        let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]
        #expect(readMessages(ping, role: .client) == [.ping(hello)])
        #expect(frame(.ping, hello) == ping)
        let pong: [UInt8] = [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(readMessages(pong, role: .server) == [.pong(hello)])
        #expect(frame(.pong, hello, key: testKey) == pong)
    }

    @Test func binary256BytesUses16BitLength() {
        let payload = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let wire = frame(.binary, payload)
        #expect(Array(wire.prefix(4)) == [0x82, 0x7E, 0x01, 0x00])
        #expect(wire.count == 4 + 256)
        #expect(readMessages(wire, role: .client) == [.message(.binary, payload, compressed: false)])
    }

    @Test func binary64KiBUses64BitLength() {
        let payload = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let wire = frame(.binary, payload)
        #expect(Array(wire.prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00])
        #expect(readMessages(wire, role: .client) == [.message(.binary, payload, compressed: false)])
    }
}
