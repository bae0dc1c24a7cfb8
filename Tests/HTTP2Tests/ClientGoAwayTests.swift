import HTTP2
import Testing

@Suite("ClientGoAway")
struct ClientGoAwayTests {
    func goAway(last: Int32, code: UInt32 = 0, debug: [UInt8] = []) -> ClientGoAway {
        debug.withUnsafeBytes { ClientGoAway(lastStreamID: last, errorCode: code, debugData: $0) }
    }

    @Test("GOAWAY: processed streams are those up to the last stream id; its description names code and debug data")
    func goAwayFrame() {
        let frame = goAway(last: 3, code: 0, debug: Array("restarting".utf8))
        #expect(frame.processed(1) && frame.processed(3))
        #expect(!frame.processed(5) && !frame.processed(0))
        #expect(frame.description == "GOAWAY (NO_ERROR, debug data \"restarting\")")
        #expect(goAway(last: 0, code: 0xb).description == "GOAWAY (ENHANCE_YOUR_CALM)")
        #expect(goAway(last: 0, code: 1, debug: [0, 0xff, 7]).description == "GOAWAY (PROTOCOL_ERROR, 3 bytes of unprintable debug data)")
        #expect(goAway(last: 0, code: 0x42).description == "GOAWAY (0x42)")
        #expect(HTTP2ErrorCode.name(HTTP2ErrorCode.refusedStream) == "REFUSED_STREAM")
    }
}
