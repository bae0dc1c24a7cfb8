import PerMessageDeflate
import Testing
import WebSocketCore

/// The deflate-aware step both peers share: RSV1 allowed on a reader, a message's payload inflated
/// and (for text) validated.
@Suite struct DeflateSessionMessageTests {
    let client = DeflateSession(parameters: DeflateParameters(), role: .client, minimumMessageSize: 0)
    let server = DeflateSession(parameters: DeflateParameters(), role: .server)

    func compressed(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { Array(client.compress($0)!) }
    }

    func payload(_ wire: [UInt8], opcode: Opcode, isCompressed: Bool) throws(ProtocolError) -> [UInt8] {
        var copy = wire
        let result: Result<[UInt8], ProtocolError> = copy.withUnsafeMutableBytes { bytes in
            Result { () throws(ProtocolError) in
                Array(try server.payload(of: Message(opcode: opcode, payload: bytes, isCompressed: isCompressed)))
            }
        }
        return try result.get()
    }

    @Test func compressedMessagesAreInflated() throws {
        let text = Array("héllo wörld, héllo wörld, héllo wörld".utf8)
        #expect(try payload(compressed(text), opcode: .text, isCompressed: true) == text)
        let binary: [UInt8] = (0..<200).map { UInt8($0 % 7) }
        #expect(try payload(compressed(binary), opcode: .binary, isCompressed: true) == binary)
    }

    @Test func uncompressedMessagesPassThroughUntouched() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 1, 2]
        #expect(try payload(bytes, opcode: .binary, isCompressed: false) == bytes)
    }

    @Test func compressedTextThatInflatesToInvalidUTF8Fails() {
        let invalid: [UInt8] = Array("valid prefix ".utf8) + [0xC3, 0x28]
        #expect(throws: ProtocolError.invalidUTF8) { try payload(compressed(invalid), opcode: .text, isCompressed: true) }
        // The same bytes as binary are fine.
        #expect((try? payload(compressed(invalid), opcode: .binary, isCompressed: true)) == invalid)
    }

    @Test func readersAcceptRSV1OnlyOnceAllowed() {
        var reader = MessageReader(role: .server)
        #expect(reader.frames.rules.allowedReservedBits == 0)
        DeflateSession.allowCompressedFrames(on: &reader)
        #expect(reader.frames.rules.allowedReservedBits == FrameHeader.rsv1)
    }
}
