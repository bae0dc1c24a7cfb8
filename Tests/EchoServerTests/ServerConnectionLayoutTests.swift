@testable import EchoServer
import Testing
import WebSocketCore

/// The per-descriptor slot stays small: every open connection pays for it (plus 16 bytes of timer
/// wheel), so a change here shows up in `results/` as memory per idle connection.
@Suite struct ServerConnectionLayoutTests {
    @Test func theSlotIs208Bytes() {
        // MessageReader 137 (MessageAssembler 60: two lengths, two optional buffers, UTF-8 state,
        // three one-byte fields; FrameDecoder 73: the current header 24, remaining and offset 16, the
        // partial-header stash 16, FrameRules 16, the stash count 1), the two interest flags 2,
        // Transport 1 (a tag without payload: a TLS connection's state is in TLSStreams), the TLS
        // input-waits-for-writable flag 1, padding 3, OutboundBuffer 24, DeflateSession? 8,
        // PendingHandshake? 8, ServerConnectionLifecycle 19 (two times, phase, two flags), padding 5.
        #expect(MemoryLayout<MessageReader>.size == 137)
        #expect(MemoryLayout<ServerConnectionLifecycle>.size == 19)
        #expect(MemoryLayout<ServerConnection>.stride == 208)
    }
}
