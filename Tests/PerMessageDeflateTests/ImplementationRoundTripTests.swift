import BenchSupport
import PerMessageDeflate
import Testing
import WebSocketCore

/// Every ``DeflateImplementation`` against zlib in both directions, at every window size, with and
/// without context takeover, messages arriving in random fragments.
@Suite struct ImplementationRoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var implementation: DeflateImplementation
        var windowBits: Int
        var noContextTakeover: Bool
        var testDescription: String { "\(implementation) bits=\(windowBits) nct=\(noContextTakeover)" }
    }

    static let cases: [Case] = DeflateImplementation.allCases.flatMap { implementation in
        (8...15).flatMap { bits in
            [false, true].map { Case(implementation: implementation, windowBits: bits, noContextTakeover: $0) }
        }
    }

    /// Messages of 0 B to 40 KB, some repeating earlier ones (so context takeover is used).
    static func messages(seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        var all: [[UInt8]] = []
        for round in 0..<14 {
            if round % 5 == 4, let earlier = all.last { all.append(earlier); continue }
            let count = round % 4 == 0 ? Int(rng.next() % 64) : Int(rng.next() % 40_000)
            all.append(mixedPayload(count: count, using: &rng))
        }
        return all
    }

    @Test(arguments: cases)
    func compressedHereInflatesWithZlibAndStrictIsal(c: Case) throws {
        var rng = SplitMix64(seed: UInt64(c.windowBits * 7 + 1))
        let deflater = MessageDeflater(
            windowBits: c.windowBits, noContextTakeover: c.noContextTakeover, implementation: c.implementation)
        if c.implementation == .libdeflate && !(c.windowBits == 15 && c.noContextTakeover) {
            // libdeflate cannot limit its window or keep history: zlib takes over.
            #expect(deflater.implementation == .zlib)
        } else {
            #expect(deflater.implementation == c.implementation)
        }
        let zlib = MessageInflater(windowBits: c.windowBits, noContextTakeover: c.noContextTakeover, maximumMessageSize: 1 << 20)
        // ISA-L's inflater rejects any match beyond the window: proof the window limit was honoured.
        let strict = MessageInflater(
            windowBits: c.windowBits, noContextTakeover: c.noContextTakeover, maximumMessageSize: 1 << 20,
            implementation: .isal)
        for message in Self.messages(seed: UInt64(c.windowBits)) {
            let wire = compressed(deflater, message)
            #expect(try inflated(zlib, randomChunks(wire, using: &rng)) == message)
            #expect(try inflated(strict, randomChunks(wire, using: &rng)) == message)
        }
    }

    @Test(arguments: cases)
    func compressedByZlibInflatesHere(c: Case) throws {
        var rng = SplitMix64(seed: UInt64(c.windowBits * 13 + 5))
        let zlib = MessageDeflater(windowBits: c.windowBits, noContextTakeover: c.noContextTakeover)
        let inflater = MessageInflater(
            windowBits: c.windowBits, noContextTakeover: c.noContextTakeover, maximumMessageSize: 1 << 20,
            implementation: c.implementation)
        for message in Self.messages(seed: UInt64(c.windowBits) + 100) {
            let wire = compressed(zlib, message)
            #expect(try inflated(inflater, randomChunks(wire, using: &rng)) == message)
        }
    }

    /// Many connections of one thread share a workspace; each keeps its own history.
    @Test func connectionsSharingAWorkspaceKeepTheirOwnHistory() throws {
        let workspace = DeflateWorkspace()
        let senders = (0..<3).map { _ in
            MessageDeflater(windowBits: 12, noContextTakeover: false, implementation: .isal, workspace: workspace)
        }
        let receivers = (0..<3).map { _ in
            MessageInflater(
                windowBits: 12, noContextTakeover: false, maximumMessageSize: 1 << 20, implementation: .isal,
                workspace: workspace)
        }
        let messages = Self.messages(seed: 9)
        for (index, message) in messages.enumerated() {
            for connection in 0..<3 where (index + connection) % 2 == 0 || index % 5 == 4 {
                let wire = compressed(senders[connection], message)
                #expect(try inflated(receivers[connection], [wire]) == message)
            }
        }
        // The sender keeps at most 2 KiB of history (its dictionary), the receiver the whole 12-bit window.
        #expect(senders[0].zlibBytes == 1 << 11 && receivers[0].zlibBytes == 1 << 12)
        #expect(workspace.allocatedBytes > 0)
    }

    /// With context takeover, ISA-L uses its history as the dictionary only for messages under
    /// ``MessageDeflater/isalDictionaryLimit``: a larger one is self-contained (a fresh inflater
    /// inflates it), a smaller repeat refers back (it is smaller than from a fresh deflater).
    @Test func isalUsesItsHistoryOnlyForMessagesUnderTheDictionaryLimit() throws {
        var rng = SplitMix64(seed: 21)
        let small = mixedPayload(count: 1000, using: &rng)
        let large = small + mixedPayload(count: MessageDeflater.isalDictionaryLimit, using: &rng)
        let deflater = MessageDeflater(windowBits: 12, noContextTakeover: false, implementation: .isal)
        let receiver = MessageInflater(
            windowBits: 12, noContextTakeover: false, maximumMessageSize: 1 << 20, implementation: .isal)
        #expect(try inflated(receiver, [compressed(deflater, small)]) == small)
        let largeWire = compressed(deflater, large)
        #expect(try inflated(receiver, [largeWire]) == large)
        let fresh = MessageInflater(
            windowBits: 12, noContextTakeover: true, maximumMessageSize: 1 << 20, implementation: .isal)
        #expect(try inflated(fresh, [largeWire]) == large)
        let tail = Array(large.suffix(1000))
        let repeatWire = compressed(deflater, tail)
        #expect(try inflated(receiver, [repeatWire]) == tail)
        let coldWire = compressed(MessageDeflater(windowBits: 12, noContextTakeover: false, implementation: .isal), tail)
        #expect(repeatWire.count * 4 < coldWire.count)
    }

    @Test func isalInflateCapsTheInflatedSize() throws {
        let message = [UInt8](repeating: 0x61, count: 100_000)
        let wire = compressed(MessageDeflater(windowBits: 15, noContextTakeover: true, implementation: .isal), message)
        let cap = 10_000
        let inflater = MessageInflater(
            windowBits: 15, noContextTakeover: true, maximumMessageSize: cap, implementation: .isal)
        #expect(throws: ProtocolError.messageTooBig) { try inflated(inflater, [wire]) }
        #expect(inflater.buffer.capacity <= cap + 1)
        // The inflater recovers for the next message.
        let small = Array(message.prefix(cap))
        let smallWire = compressed(MessageDeflater(windowBits: 15, noContextTakeover: true, implementation: .isal), small)
        #expect(try inflated(inflater, [smallWire]) == small)
    }

    @Test func isalRejectsCorruptAndTruncatedMessages() throws {
        let message = Array("{\"event\":\"tick\",\"price\":101.25,\"size\":300}".utf8) + Array(repeating: 0x20, count: 500)
        let wire = compressed(MessageDeflater(windowBits: 15, noContextTakeover: true, implementation: .isal), message)
        let inflater = MessageInflater(windowBits: 15, noContextTakeover: true, maximumMessageSize: 1 << 20, implementation: .isal)
        #expect(throws: ProtocolError.invalidCompressedData) { try inflated(inflater, [Array(wire.prefix(wire.count / 2))]) }
        #expect(throws: ProtocolError.invalidCompressedData) { try inflated(inflater, [[0xff, 0xff, 0xff, 0xff]]) }
        #expect(try inflated(inflater, [wire]) == message)
    }

    /// A 15-bit zlib stream with matches 3000 bytes back does not inflate under a 9-bit window.
    @Test func isalRejectsMatchesBeyondTheNegotiatedWindow() throws {
        var rng = SplitMix64(seed: 3)
        let block = mixedPayload(count: 3000, using: &rng)
        let message = block + block
        let wire = compressed(MessageDeflater(windowBits: 15, noContextTakeover: true), message)
        let inflater = MessageInflater(windowBits: 9, noContextTakeover: true, maximumMessageSize: 1 << 20, implementation: .isal)
        #expect(throws: ProtocolError.invalidCompressedData) { try inflated(inflater, [wire]) }
    }

    @Test func emptyMessagesRoundTrip() throws {
        for implementation in DeflateImplementation.allCases {
            for noContextTakeover in [false, true] {
                let deflater = MessageDeflater(windowBits: 15, noContextTakeover: noContextTakeover, implementation: implementation)
                let inflater = MessageInflater(
                    windowBits: 15, noContextTakeover: noContextTakeover, maximumMessageSize: 100, implementation: implementation)
                for message in [[], Array("abc".utf8), []] as [[UInt8]] {
                    #expect(try inflated(inflater, [compressed(deflater, message)]) == message)
                }
            }
        }
    }
}
