import HTTP2
import Testing

@Suite("ClientStreamClose")
struct ClientStreamCloseTests {
    @Test("a server that ended its half first gets END_STREAM at once")
    func remoteEndedFirst() {
        var close = ClientStreamClose()
        #expect(close.remoteEndedStream() == .none)
        #expect(close.closeHandshakeCompleted(now: 0, lingerLimit: 100) == .endStream)
        #expect(close.phase == .finished)
    }

    @Test("a server that ends its half while we linger gets END_STREAM then")
    func remoteEndsWhileLingering() {
        var close = ClientStreamClose()
        #expect(close.closeHandshakeCompleted(now: 1000, lingerLimit: 100) == .linger)
        #expect(close.isLingering)
        #expect(close.check(now: 1050) == .none)
        #expect(close.remoteEndedStream() == .endStream)
        #expect(close.phase == .finished)
        #expect(close.check(now: 5000) == .none)
    }

    @Test("a server that never ends its half (Hypercorn 0.18) is reset and reported after the linger time")
    func neverEnded() {
        var close = ClientStreamClose()
        #expect(close.closeHandshakeCompleted(now: 1000, lingerLimit: 100) == .linger)
        #expect(close.check(now: 1099) == .none)
        #expect(close.check(now: 1100) == .reset(closeNotCompleted: true))
        #expect(!close.isLingering)
        #expect(close.check(now: 2000) == .none)
    }

    @Test("a WebSocket abandoned without a close handshake is reset, unless the server closed the stream")
    func abandoned() {
        var open = ClientStreamClose()
        #expect(open.abandoned() == .reset(closeNotCompleted: false))
        #expect(open.abandoned() == .none)
        var ended = ClientStreamClose()
        _ = ended.remoteEndedStream()
        #expect(ended.abandoned() == .none)
        var reset = ClientStreamClose()
        reset.streamClosed()
        #expect(reset.abandoned() == .none)
        #expect(reset.closeHandshakeCompleted(now: 0, lingerLimit: 1) == .none)
    }

    @Test("we never send END_STREAM before the server's close frame answered ours")
    func noEarlyEndStream() {
        var close = ClientStreamClose()
        #expect(close.remoteEndedStream() == .none)
        #expect(close.phase == .open)
    }
}
