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
}
