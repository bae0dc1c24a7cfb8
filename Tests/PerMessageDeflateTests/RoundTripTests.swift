import BenchSupport
import PerMessageDeflate
import Testing
import WebSocketCore

@Suite struct RoundTripTests {
    struct Combination: Sendable, CustomTestStringConvertible {
        var parameters: DeflateParameters
        var level: Int
        var memoryLevel: Int
        var testDescription: String {
            "s_nct=\(parameters.serverNoContextTakeover) c_nct=\(parameters.clientNoContextTakeover) "
                + "s_bits=\(parameters.serverMaxWindowBits) c_bits=\(parameters.clientMaxWindowBits) level=\(level) mem=\(memoryLevel)"
        }
    }

    static let combinations: [Combination] = {
        var all: [Combination] = []
        let windows = [(8, 15), (9, 12), (12, 8), (15, 15), (15, 9)]
        for serverNoContextTakeover in [false, true] {
            for clientNoContextTakeover in [false, true] {
                for (index, (serverBits, clientBits)) in windows.enumerated() {
                    let parameters = DeflateParameters(
                        serverNoContextTakeover: serverNoContextTakeover, clientNoContextTakeover: clientNoContextTakeover,
                        serverMaxWindowBits: serverBits, clientMaxWindowBits: clientBits)
                    all.append(Combination(parameters: parameters, level: [1, -1, 9, 0, 1][index], memoryLevel: [4, 8, 1, 9, 4][index]))
                }
            }
        }
        return all
    }()

    /// Random messages both ways between a client and a server session, the receiver getting each
    /// message in random fragments.
    @Test(arguments: combinations)
    func randomPayloadsBothWays(combination: Combination) throws {
        var rng = SplitMix64(seed: UInt64(combination.parameters.serverMaxWindowBits * 31 + combination.level + 7))
        let server = DeflateSession(
            parameters: combination.parameters, role: .server, compressionLevel: combination.level,
            memoryLevel: combination.memoryLevel, minimumMessageSize: 0)
        let client = DeflateSession(
            parameters: combination.parameters, role: .client, compressionLevel: combination.level,
            memoryLevel: combination.memoryLevel, minimumMessageSize: 0)
        for round in 0..<12 {
            let count = round % 4 == 0 ? Int(rng.next() % 64) : Int(rng.next() % 40_000)
            let message = mixedPayload(count: count, using: &rng)
            for (sender, receiver) in [(server, client), (client, server)] {
                let wire: [UInt8]? = message.withUnsafeBytes { sender.compress($0).map { Array($0) } }
                guard let wire else {
                    // Only a sender without context takeover may skip compression (incompressible data).
                    #expect(sender.deflater.noContextTakeover)
                    continue
                }
                #expect(try inflated(receiver.inflater, randomChunks(wire, using: &rng)) == message)
            }
        }
    }

    @Test func contextTakeoverMakesRepeatsCheaper() {
        var rng = SplitMix64(seed: 42)
        let message = mixedPayload(count: 2000, using: &rng)
        let takeover = MessageDeflater(windowBits: 15, noContextTakeover: false)
        let noTakeover = MessageDeflater(windowBits: 15, noContextTakeover: true)
        let first = compressed(takeover, message)
        let second = compressed(takeover, message)
        #expect(second.count < first.count / 10)
        #expect(compressed(noTakeover, message) == first)
        #expect(compressed(noTakeover, message) == first)
    }

    @Test func windowOfEightBitsIsDeflatedWithNineAndInflatesWithEight() throws {
        // zlib refuses raw deflate at 8 bits; a 9-bit window never matches further back than 250
        // bytes, so a peer that really inflates with a 256-byte window can read it.
        var rng = SplitMix64(seed: 8)
        let deflater = MessageDeflater(windowBits: 8, noContextTakeover: false)
        let inflater = MessageInflater(windowBits: 8, noContextTakeover: false, maximumMessageSize: 1 << 20)
        for _ in 0..<5 {
            let message = mixedPayload(count: 5000, using: &rng)
            #expect(try inflated(inflater, [compressed(deflater, message)]) == message)
        }
    }

    @Test func deflatersMayShareOneBuffer() throws {
        let shared = DeflateBuffer()
        let a = MessageDeflater(windowBits: 12, noContextTakeover: false, buffer: shared)
        let b = MessageDeflater(windowBits: 12, noContextTakeover: false, buffer: shared)
        let inflaterA = MessageInflater(windowBits: 12, noContextTakeover: false, maximumMessageSize: 1 << 16)
        let inflaterB = MessageInflater(windowBits: 12, noContextTakeover: false, maximumMessageSize: 1 << 16)
        let x = Array("{\"a\":1,\"b\":[1,2,3],\"c\":\"xyzxyzxyz\"}".utf8)
        let y = Array("{\"q\":\"hello hello hello hello\"}".utf8)
        #expect(try inflated(inflaterA, [compressed(a, x)]) == x)
        #expect(try inflated(inflaterB, [compressed(b, y)]) == y)
        #expect(try inflated(inflaterA, [compressed(a, y)]) == y)
        #expect(try inflated(inflaterB, [compressed(b, x)]) == x)
    }
}
