import CNghttp2
import HTTP2
import Testing

@Suite("DataFrameLength")
struct DataFrameLengthTests {
    @Test("a DATA frame is as long as the smaller window and the peer's frame size allow")
    func boundedByWindowsAndFrameSize() {
        func length(sessionWindow: Int32, streamWindow: Int32, frameSize: UInt32) -> Int {
            DataFrameLength.largestAllowed(nil, 0, 1, sessionWindow, streamWindow, frameSize, nil)
        }
        #expect(length(sessionWindow: 1 << 24, streamWindow: 1 << 20, frameSize: 1 << 20) == 1 << 20)
        #expect(length(sessionWindow: 5_000, streamWindow: 1 << 20, frameSize: 1 << 20) == 5_000)
        #expect(length(sessionWindow: 1 << 24, streamWindow: 7_000, frameSize: 1 << 20) == 7_000)
        #expect(length(sessionWindow: 1 << 24, streamWindow: 1 << 20, frameSize: 16_384) == 16_384)
    }

    @Test("the server lets a 16 KiB message and its WebSocket header travel in one DATA frame")
    func serverFrameSizeFitsA16KiBMessage() {
        let frameSize = HTTP2ServerSettings.entries.first {
            $0.settings_id == Int32(NGHTTP2_SETTINGS_MAX_FRAME_SIZE.rawValue)
        }
        #expect(frameSize != nil)
        #expect((frameSize?.value ?? 0) >= 16_384 + 14)
    }
}
