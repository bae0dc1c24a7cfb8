import EpollIO
import Testing

@Suite("ReceiveBuffer and ParkedBytes")
struct ReceiveBufferTests {
    @Test("Parked bytes are put in front of the next read and then freed")
    func parkedBytesPrepended() throws {
        let (client, server) = try Loopback.pair()
        defer { Socket.close(client); Socket.close(server) }
        let receive = ReceiveBuffer(capacity: 1024)
        var parked = ParkedBytes()

        try Loopback.writeAll(client, Array("frame-1|frame-2 par".utf8))
        _ = try Loopback.wait(server, for: .readable)
        guard case .received(let first) = receive.read(from: server, parked: &parked) else {
            Issue.record("expected data")
            return
        }
        // Zero-copy common case: the bytes are in the shared buffer itself.
        #expect(first.baseAddress == receive.base)
        #expect(Array(first) == Array("frame-1|frame-2 par".utf8))
        // "frame-2 par" is incomplete: park it.
        parked.park(UnsafeRawBufferPointer(rebasing: first[8...]))
        #expect(parked.count == 11)

        // Nothing new yet: the parked bytes stay parked.
        guard case .wouldBlock = receive.read(from: server, parked: &parked) else {
            Issue.record("expected wouldBlock")
            return
        }
        #expect(Array(parked.bytes) == Array("frame-2 par".utf8))

        try Loopback.writeAll(client, Array("t done|".utf8))
        _ = try Loopback.wait(server, for: .readable)
        guard case .received(let second) = receive.read(from: server, parked: &parked) else {
            Issue.record("expected data")
            return
        }
        #expect(Array(second) == Array("frame-2 part done|".utf8))
        #expect(parked.isEmpty)
    }

    @Test("park replaces earlier parked bytes and release empties")
    func parkReplaces() {
        var parked = ParkedBytes()
        Array("abc".utf8).withUnsafeBytes { parked.park($0) }
        Array("xy".utf8).withUnsafeBytes { parked.park($0) }
        #expect(Array(parked.bytes) == Array("xy".utf8))
        parked.release()
        #expect(parked.isEmpty)
        #expect(parked.bytes.isEmpty)
    }
}
