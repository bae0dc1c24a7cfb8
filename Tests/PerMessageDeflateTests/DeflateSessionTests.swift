import BenchSupport
import PerMessageDeflate
import Testing
import WebSocketCore

@Suite struct DeflateSessionTests {
    let json = Array(String(repeating: "{\"id\":1,\"tags\":[\"a\",\"b\"]}", count: 20).utf8)

    func send(_ session: DeflateSession, _ payload: [UInt8], flags: DeflateMessageFlags = []) -> [UInt8]? {
        payload.withUnsafeBytes { session.compress($0, flags: flags).map { Array($0) } }
    }

    @Test func smallMessagesAndOptedOutMessagesAreSentUncompressed() throws {
        let session = DeflateSession(parameters: DeflateParameters(), role: .client, minimumMessageSize: 64)
        #expect(send(session, Array(json.prefix(63))) == nil)
        #expect(send(session, json, flags: .disableCompression) == nil)
        #expect(!session.deflater.isAllocated)
        let wire = try #require(send(session, json))
        #expect(wire.count < json.count)
        let server = DeflateSession(parameters: DeflateParameters(), role: .server)
        #expect(try inflated(server.inflater, [wire]) == json)
    }

    @Test func incompressibleMessagesGoUncompressedOnlyWithoutContextTakeover() {
        var rng = SplitMix64(seed: 3)
        let noise = (0..<300).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let takeover = DeflateSession(parameters: DeflateParameters(), role: .server, minimumMessageSize: 0)
        let noTakeover = DeflateSession(
            parameters: DeflateParameters(serverNoContextTakeover: true), role: .server, minimumMessageSize: 0)
        #expect(send(takeover, noise) != nil)
        #expect(send(noTakeover, noise) == nil)
        #expect(send(noTakeover, json) != nil)
    }

    @Test func sessionsUseTheirOwnDirectionsParameters() {
        let parameters = DeflateParameters(
            serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 10, clientMaxWindowBits: 13)
        let server = DeflateSession(server: parameters, options: DeflateOptions())
        let client = DeflateSession(client: parameters, options: DeflateClientOptions())
        #expect(server.deflater.windowBits == 10 && server.deflater.noContextTakeover)
        #expect(server.inflater.windowBits == 13 && !server.inflater.noContextTakeover)
        #expect(client.deflater.windowBits == 13 && !client.deflater.noContextTakeover)
        #expect(client.inflater.windowBits == 10 && client.inflater.noContextTakeover)
    }

    @Test func rsv1OnlyOnTheFirstDataFrameOfACompressedMessage() throws {
        #expect(DeflateFrameRules.rsv1(opcode: .text, messageIsCompressed: true))
        #expect(DeflateFrameRules.rsv1(opcode: .binary, messageIsCompressed: true))
        #expect(!DeflateFrameRules.rsv1(opcode: .text, messageIsCompressed: false))
        #expect(!DeflateFrameRules.rsv1(opcode: .continuation, messageIsCompressed: true))
        for control in [Opcode.ping, .pong, .close] {
            #expect(!DeflateFrameRules.rsv1(opcode: control, messageIsCompressed: true))
            #expect(throws: ProtocolError.reservedBitsSet) {
                try DeflateFrameRules.startsCompressedMessage(rsv1: true, opcode: control, negotiated: true)
            }
            #expect(try !DeflateFrameRules.startsCompressedMessage(rsv1: false, opcode: control, negotiated: true))
        }
        #expect(try DeflateFrameRules.startsCompressedMessage(rsv1: true, opcode: .text, negotiated: true))
        #expect(try !DeflateFrameRules.startsCompressedMessage(rsv1: false, opcode: .binary, negotiated: true))
        #expect(throws: ProtocolError.reservedBitsSet) {
            try DeflateFrameRules.startsCompressedMessage(rsv1: true, opcode: .continuation, negotiated: true)
        }
        #expect(throws: ProtocolError.reservedBitsSet) {
            try DeflateFrameRules.startsCompressedMessage(rsv1: true, opcode: .text, negotiated: false)
        }
    }
}
