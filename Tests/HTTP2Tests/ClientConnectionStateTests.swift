import HTTP2
import Testing

@Suite("ClientConnectionState")
struct ClientConnectionStateTests {
    @Test("h2c: preface at once, streams open after SETTINGS with extended CONNECT")
    func cleartextReady() {
        var state = ClientConnectionState()
        #expect(state.transportReady(secure: false, applicationProtocol: nil) == .sendPreface)
        #expect(state.phase == .awaitingSettings)
        #expect(state.settingsReceived(enableConnectProtocol: true) == .openStreams)
        #expect(state.phase == .ready)
        // A later SETTINGS frame changes nothing.
        #expect(state.settingsReceived(enableConnectProtocol: false) == .none)
        #expect(state.phase == .ready)
    }

    @Test("TLS needs ALPN h2")
    func alpn() {
        var good = ClientConnectionState()
        #expect(good.transportReady(secure: true, applicationProtocol: "h2") == .sendPreface)
        var http11 = ClientConnectionState()
        guard case .fail(let reason) = http11.transportReady(secure: true, applicationProtocol: "http/1.1") else {
            Issue.record("http/1.1 was accepted")
            return
        }
        #expect(reason.contains("http/1.1"))
        #expect(http11.phase == .failed)
        var none = ClientConnectionState()
        guard case .fail(let noneReason) = none.transportReady(secure: true, applicationProtocol: nil) else {
            Issue.record("no ALPN was accepted")
            return
        }
        #expect(noneReason.contains("no protocol"))
    }

    @Test("SETTINGS without SETTINGS_ENABLE_CONNECT_PROTOCOL fail the connection")
    func noExtendedConnect() {
        var state = ClientConnectionState()
        _ = state.transportReady(secure: false, applicationProtocol: nil)
        #expect(state.settingsReceived(enableConnectProtocol: false) == .fail("server does not offer extended CONNECT (no SETTINGS_ENABLE_CONNECT_PROTOCOL = 1)"))
        #expect(state.phase == .failed)
    }

    @Test("SETTINGS before the preface was sent are ignored")
    func settingsTooEarly() {
        var state = ClientConnectionState()
        #expect(state.settingsReceived(enableConnectProtocol: true) == .none)
        #expect(state.phase == .connecting)
    }

    @Test("the connection ending before SETTINGS fails it; after, it is the streams' business")
    func endedBeforeReady() {
        var waiting = ClientConnectionState()
        _ = waiting.transportReady(secure: false, applicationProtocol: nil)
        #expect(waiting.endedBeforeReady() == .fail("the server closed the HTTP/2 connection before sending its SETTINGS"))
        var ready = ClientConnectionState()
        _ = ready.transportReady(secure: false, applicationProtocol: nil)
        _ = ready.settingsReceived(enableConnectProtocol: true)
        #expect(ready.endedBeforeReady() == .none)
    }
}
