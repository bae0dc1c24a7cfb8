import Testing
import WebSocketCore

@Suite struct CloseFrameTests {
    func parse(_ bytes: [UInt8]) -> Result<CloseFrame, ProtocolError> {
        bytes.withUnsafeBytes { CloseFrame.parse($0) }
    }

    @Test func emptyPayloadHasNoCode() {
        #expect(parse([]) == .success(CloseFrame(code: nil)))
    }

    @Test func oneBytePayloadFails() {
        #expect(parse([0x03]) == .failure(.invalidClosePayloadLength))
        #expect(ProtocolError.invalidClosePayloadLength.closeCode == .protocolError)
    }

    @Test(arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func codesAllowedOnTheWire(code: UInt16) {
        #expect(parse([UInt8(code >> 8), UInt8(code & 0xFF)]) == .success(CloseFrame(code: CloseCode(rawValue: code))))
    }

    @Test(arguments: [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func codesNotAllowedOnTheWireFailWith1002(code: UInt16) {
        #expect(parse([UInt8(code >> 8), UInt8(code & 0xFF)]) == .failure(.invalidCloseCode(code)))
        #expect(ProtocolError.invalidCloseCode(code).closeCode == .protocolError)
    }

    @Test func reasonMustBeUTF8() {
        #expect(parse([0x03, 0xE8] + Array("ok ✓".utf8)) == .success(CloseFrame(code: .normalClosure, reason: "ok ✓")))
        #expect(parse([0x03, 0xE8, 0xCE, 0xBA, 0xE1]) == .failure(.invalidUTF8))
    }

    @Test func encodeRoundTripsAndCutsLongReasonsOnACharacterBoundary() {
        var out = [UInt8](repeating: 0, count: 129)
        let frameIn = CloseFrame(code: .policyViolation, reason: "short")
        let n = out.withUnsafeMutableBytes { frameIn.encodePayload(into: $0.baseAddress!) }
        #expect(n == 7 && n == frameIn.encodedPayloadLength)
        #expect(parse(Array(out.prefix(n))) == .success(frameIn))

        let long = CloseFrame(code: .normalClosure, reason: String(repeating: "é", count: 100))  // 200 bytes
        let m = out.withUnsafeMutableBytes { long.encodePayload(into: $0.baseAddress!) }
        #expect(m == long.encodedPayloadLength && m <= 125)
        guard case .success(let back) = parse(Array(out.prefix(m))) else { Issue.record("cut reason not UTF-8"); return }
        #expect(back.reason == String(repeating: "é", count: 61))
    }

    @Test func closeFrameEncoderMasksOnTheClientSide() {
        var out = [UInt8](repeating: 0, count: 129)
        let close = CloseFrame(code: .goingAway, reason: "shutdown")
        let n = out.withUnsafeMutableBytes { FrameEncoder.encodeClose(close, maskingKey: testKey, into: $0.baseAddress!) }
        #expect(readMessages(Array(out.prefix(n)), role: .server) == [.close(close)])
        let m = out.withUnsafeMutableBytes { FrameEncoder.encodeClose(close, maskingKey: nil, into: $0.baseAddress!) }
        #expect(readMessages(Array(out.prefix(m)), role: .client) == [.close(close)])
    }

    @Test func invalidCloseInsideStreamFailsTheConnection() {
        #expect(readMessages(frame(.close, [0x03, 0xED], key: testKey)) == [.failure(.invalidCloseCode(1005))])
    }
}
