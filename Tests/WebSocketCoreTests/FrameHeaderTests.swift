import Testing
import WebSocketCore

@Suite struct FrameHeaderTests {
    func decode(_ bytes: [UInt8], role: Role = .server, allowed: UInt8 = 0, maximum: Int = 1 << 20) -> FrameHeaderDecoding {
        bytes.withUnsafeBytes {
            FrameHeader.decode(
                $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: bytes.count,
                rules: FrameRules(role: role, allowedReservedBits: allowed, maximumFramePayloadLength: maximum))
        }
    }

    func encoded(_ header: FrameHeader) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: FrameHeader.maximumLength)
        let n = out.withUnsafeMutableBytes { header.encode(into: $0.baseAddress!) }
        #expect(n == header.encodedLength)
        return Array(out.prefix(n))
    }

    @Test(arguments: [0, 1, 125, 126, 127, 0xFFFF, 0x10000, 1 << 40, Int(Int64.max)])
    func roundTripsEveryLengthEncoding(length: Int) {
        for key in [nil, testKey] {
            let header = FrameHeader(fin: length % 2 == 0, reservedBits: FrameHeader.rsv1, opcode: .binary, maskingKey: key, payloadLength: length)
            let bytes = encoded(header)
            let expectedLength = (length < 126 ? 2 : length <= 0xFFFF ? 4 : 10) + (key == nil ? 0 : 4)
            #expect(bytes.count == expectedLength)
            let role: Role = key == nil ? .client : .server
            #expect(decode(bytes, role: role, allowed: FrameHeader.rsv1, maximum: Int.max) == .header(header, length: expectedLength))
            // Every proper prefix asks for more bytes.
            for cut in 0..<bytes.count {
                guard case .needMoreBytes(let n) = decode(Array(bytes.prefix(cut)), role: role, allowed: FrameHeader.rsv1, maximum: Int.max) else {
                    Issue.record("prefix \(cut) of \(bytes) did not ask for more bytes")
                    continue
                }
                #expect(n >= 1 && cut + n <= expectedLength)
            }
        }
    }

    @Test(arguments: [0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF] as [UInt8])
    func reservedOpcodesFail(opcode: UInt8) {
        #expect(decode([0x80 | opcode, 0x80, 1, 2, 3, 4]) == .failure(.reservedOpcode(opcode)))
        #expect(ProtocolError.reservedOpcode(opcode).closeCode == .protocolError)
    }

    @Test func reservedBitsFailUnlessNegotiated() {
        for bit in [FrameHeader.rsv1, FrameHeader.rsv2, FrameHeader.rsv3] {
            #expect(decode([0x82 | bit, 0x80, 1, 2, 3, 4]) == .failure(.reservedBitsSet))
        }
        // With permessage-deflate, RSV1 is allowed on the first data frame only.
        guard case .header(let h, _) = decode([0xC2, 0x80, 1, 2, 3, 4], allowed: FrameHeader.rsv1) else {
            Issue.record("RSV1 rejected although allowed"); return
        }
        #expect(h.rsv1)
        #expect(decode([0xA2, 0x80, 1, 2, 3, 4], allowed: FrameHeader.rsv1) == .failure(.reservedBitsSet))
        #expect(decode([0xC0, 0x80, 1, 2, 3, 4], allowed: FrameHeader.rsv1) == .failure(.reservedBitsSet))
        #expect(decode([0xC9, 0x80, 1, 2, 3, 4], allowed: FrameHeader.rsv1) == .failure(.reservedBitsSet))
    }

    @Test func controlFrameRules() {
        #expect(decode([0x09, 0x80]) == .failure(.fragmentedControlFrame))
        #expect(decode([0x08]) == .failure(.fragmentedControlFrame), "fails on the first byte alone")
        #expect(decode([0x89, 0x80 | 126, 0, 126]) == .failure(.controlFrameTooLong))
        #expect(decode([0x88, 0x80 | 127]) == .failure(.controlFrameTooLong))
        guard case .header(let h, let n) = decode([0x89, 0x80 | 125, 1, 2, 3, 4]) else {
            Issue.record("125-byte ping rejected"); return
        }
        #expect(h.payloadLength == 125 && n == 6)
        #expect(ProtocolError.controlFrameTooLong.closeCode == .protocolError)
    }

    @Test func maskingDirection() {
        #expect(decode([0x82, 0x00], role: .server) == .failure(.unmaskedClientFrame))
        #expect(decode([0x82, 0x80, 1, 2, 3, 4], role: .client) == .failure(.maskedServerFrame))
        #expect(ProtocolError.unmaskedClientFrame.closeCode == .protocolError)
    }

    @Test func sixtyFourBitLengthWithTopBitFails() {
        #expect(decode([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]) == .failure(.lengthTopBitSet))
        #expect(decode([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0]) == .failure(.lengthTopBitSet), "before the key arrives")
    }

    @Test func lengthBeyondMaximumFailsWith1009() {
        #expect(decode([0x82, 0x80 | 126, 0x04, 0x01], maximum: 1024) == .failure(.messageTooBig))
        guard case .header = decode([0x82, 0x80 | 126, 0x04, 0x00, 1, 2, 3, 4], maximum: 1024) else {
            Issue.record("exactly the maximum rejected"); return
        }
        #expect(ProtocolError.messageTooBig.closeCode == .messageTooBig)
    }
}
