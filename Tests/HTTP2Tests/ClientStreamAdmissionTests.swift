import HTTP2
import Testing

@Suite("ClientStreamAdmission")
struct ClientStreamAdmissionTests {
    func goAway(last: Int32, code: UInt32 = 0, debug: [UInt8] = []) -> ClientGoAway {
        debug.withUnsafeBytes { ClientGoAway(lastStreamID: last, errorCode: code, debugData: $0) }
    }

    @Test("streams open up to the server's limit; a finished one frees its place")
    func limit() {
        var admission = ClientStreamAdmission()
        admission.settingsReceived(maximumConcurrentStreams: 2)
        #expect(admission.request() == .open)
        #expect(admission.request() == .open)
        #expect(admission.request() == .overLimit(allowed: 2))
        #expect(admission.openStreams == 2)
        admission.streamFinished()
        #expect(admission.request() == .open)
    }

    @Test("no limit set: unlimited; a limit of 0 refuses every stream")
    func unlimitedAndZero() {
        var admission = ClientStreamAdmission()
        admission.settingsReceived(maximumConcurrentStreams: .max)
        for _ in 0..<1000 { #expect(admission.request() == .open) }
        var none = ClientStreamAdmission()
        none.settingsReceived(maximumConcurrentStreams: 0)
        #expect(none.request() == .overLimit(allowed: 0))
        #expect(none.openStreams == 0)
    }

    @Test("a lowered limit: queued requests beyond it may not go, the sent ones stay")
    func lowered() {
        var admission = ClientStreamAdmission()
        admission.settingsReceived(maximumConcurrentStreams: 100)
        for _ in 0..<5 { _ = admission.request() }
        admission.settingsReceived(maximumConcurrentStreams: 3)
        #expect(admission.queuedAllowed(queued: 5) == 3)  // none sent yet
        #expect(admission.queuedAllowed(queued: 2) == 0)  // three sent: the limit is reached
        #expect(admission.queuedAllowed(queued: 1) == 0)  // four sent: above it already
        admission.settingsReceived(maximumConcurrentStreams: 10)
        #expect(admission.queuedAllowed(queued: 2) == 2)
    }

    @Test("after GOAWAY no stream opens, whatever the limit")
    func goAwayRefuses() {
        var admission = ClientStreamAdmission()
        #expect(admission.request() == .open)
        let frame = goAway(last: 1)
        admission.goAwayReceived(frame)
        #expect(admission.request() == .goingAway(frame))
        #expect(admission.openStreams == 1)
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
