import Testing
import WebSocketCore

@Suite struct MessageAssemblerTests {
    @Test func continuationWithNothingToContinueFails() {
        #expect(readMessages(frame(.continuation, [1], key: testKey)) == [.failure(.unexpectedContinuation)])
        #expect(ProtocolError.unexpectedContinuation.closeCode == .protocolError)
    }

    @Test func newDataFrameInsideFragmentedMessageFails() {
        let wire = frame(.binary, [1], fin: false, key: testKey) + frame(.text, [0x41], key: testKey)
        #expect(readMessages(wire) == [.failure(.expectedContinuation)])
    }

    @Test func controlFramesInterleaveWithFragments() {
        let wire = frame(.binary, [1, 2], fin: false, key: testKey)
            + frame(.ping, [7], key: testKey)
            + frame(.continuation, [3], fin: false, key: testKey)
            + frame(.pong, [8], key: testKey)
            + frame(.continuation, [4], key: testKey)
        #expect(readMessages(wire) == [.ping([7]), .pong([8]), .message(.binary, [1, 2, 3, 4], compressed: false)])
    }

    @Test func maximumMessageLengthCountsAllFragments() {
        let ok = frame(.binary, Array(repeating: 1, count: 60), fin: false, key: testKey)
            + frame(.continuation, Array(repeating: 2, count: 40), key: testKey)
        #expect(readMessages(ok, maximumMessageLength: 100).count == 1)
        let tooBig = frame(.binary, Array(repeating: 1, count: 60), fin: false, key: testKey)
            + frame(.continuation, Array(repeating: 2, count: 41), key: testKey)
        #expect(readMessages(tooBig, maximumMessageLength: 100) == [.failure(.messageTooBig)])
        // A single frame over the limit fails on its header, before the payload arrives.
        let header = Array(frame(.binary, Array(repeating: 0, count: 101), key: testKey).prefix(6))
        #expect(readMessages(header, maximumMessageLength: 100) == [.failure(.messageTooBig)])
    }

    @Test func invalidUTF8FailsAtTheFirstBadFragment() {
        // The first fragment is already invalid: the failure comes before the message ends.
        let wire = frame(.text, [0x41, 0xC0, 0x80], fin: false, key: testKey)
        #expect(readMessages(wire) == [.failure(.invalidUTF8)])
        #expect(ProtocolError.invalidUTF8.closeCode == .invalidFramePayloadData)
    }

    @Test func utf8SplitAcrossFragmentsIsValid() {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let wire = frame(.text, [euro[0]], fin: false, key: testKey)
            + frame(.continuation, [euro[1]], fin: false, key: testKey)
            + frame(.continuation, [euro[2]], key: testKey)
        #expect(readMessages(wire) == [.message(.text, euro, compressed: false)])
    }

    @Test func truncatedUTF8AtMessageEndFails() {
        #expect(readMessages(frame(.text, [0x41, 0xE2, 0x82], key: testKey)) == [.failure(.invalidUTF8)])
    }

    @Test func binaryIsNotValidated() {
        #expect(readMessages(frame(.binary, [0xFF, 0xFE], key: testKey)) == [.message(.binary, [0xFF, 0xFE], compressed: false)])
    }

    @Test func compressedMessagesAreFlaggedAndNotValidatedBeforeInflation() {
        let wire = frame(.text, [0xFF, 0x00], fin: false, reservedBits: FrameHeader.rsv1, key: testKey)
            + frame(.continuation, [0xFE], key: testKey)
        #expect(readMessages(wire, allowedReservedBits: FrameHeader.rsv1) == [.message(.text, [0xFF, 0x00, 0xFE], compressed: true)])
    }

    @Test func controlFrameSplitAcrossReadsIsGathered() {
        let wire = frame(.ping, Array(0..<100), key: testKey)
        #expect(readMessages(wire, reads: [10, 50, 1]) == [.ping(Array(0..<100))])
    }

    @Test func wholeMessageInOneReadIsHandedBackInPlace() {
        var wire = frame(.binary, [1, 2, 3], key: testKey)
        var reader = MessageReader(role: .server)
        wire.withUnsafeMutableBytes { buffer in
            var cursor = 0
            guard case .message(let m) = reader.next(buffer, cursor: &cursor) else {
                Issue.record("no message"); return
            }
            #expect(m.payload.baseAddress == buffer.baseAddress! + 6, "payload points into the receive buffer")
            #expect(cursor == buffer.count)
        }
    }
}
