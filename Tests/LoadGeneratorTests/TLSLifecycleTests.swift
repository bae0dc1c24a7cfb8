@testable import LoadGenerator
import Testing

/// The `wss://` stage of the connection lifecycle alone: connecting → tlsHandshaking → handshaking,
/// and how a TLS connection fails or times out. No sockets.
@Suite("Lifecycle: the TLS handshake phase")
struct TLSLifecycleTests {
    @Test("secure: TCP up starts TLS; TLS complete sends the upgrade request; then open as before")
    func happyPath() {
        var l = ConnectionLifecycle(.connecting)
        #expect(l.connected(secure: true) == .startTLS)
        #expect(l.state == .tlsHandshaking)
        #expect(l.handshakeAccepted() == .none)  // no 101 before TLS
        #expect(l.tlsHandshakeCompleted() == .sendRequest)
        #expect(l.state == .handshaking)
        #expect(l.tlsHandshakeCompleted() == .none)
        #expect(l.handshakeAccepted() == .startSending)
        #expect(l.isOpen && l.wasOpened)
    }

    @Test("plain: TCP up sends the upgrade request directly (no TLS events apply)")
    func plainSkipsTLS() {
        var l = ConnectionLifecycle(.connecting)
        #expect(l.connected() == .sendRequest)
        #expect(l.tlsHandshakeCompleted() == .none)
        #expect(l.tlsHandshakeFailed() == .none)
        #expect(l.state == .handshaking)
    }

    @Test("a failed TLS handshake, or the server closing during it, drops as tls_failed")
    func failures() {
        var l = ConnectionLifecycle(.connecting)
        _ = l.connected(secure: true)
        #expect(l.tlsHandshakeFailed() == .drop(.tlsFailed))
        #expect(l.state == .closed && !l.wasOpened)
        var m = ConnectionLifecycle(.connecting)
        _ = m.connected(secure: true)
        #expect(m.endOfStream() == .drop(.tlsFailed))
        var n = ConnectionLifecycle(.connecting)
        _ = n.connected(secure: true)
        #expect(n.closeReceived(.normalClosure) == .none)
        #expect(n.protocolError(.protocolError) == .none)
        #expect(n.rejected(.connectFailed) == .drop(.connectFailed))
    }

    @Test("the connect timeout covers the TLS handshake (handshake_timeout), as does the end of sending")
    func timeouts() {
        var l = ConnectionLifecycle(.connecting)
        _ = l.connected(secure: true)
        #expect(l.timeout(now: 5, startedAt: 0, limit: 10) == .none)
        #expect(l.timeout(now: 11, startedAt: 0, limit: 10) == .drop(.handshakeTimeout))
        var m = ConnectionLifecycle(.connecting)
        _ = m.connected(secure: true)
        #expect(m.drainBegan() == .drop(.handshakeTimeout))
    }

    @Test("OpenSSL's reasons in words: expired, wrong host, unknown CA, protocol version, not TLS")
    func reasons() {
        #expect(TLSFailureReason.describe("error:0A000086:SSL routines::certificate verify failed: certificate has expired").hasPrefix("the server's certificate has expired"))
        #expect(TLSFailureReason.describe("error:0A000086:SSL routines::certificate verify failed: hostname mismatch").hasPrefix("wrong host"))
        #expect(TLSFailureReason.describe("error:0A000086:SSL routines::certificate verify failed: self-signed certificate").hasPrefix("unknown CA"))
        #expect(TLSFailureReason.describe("error:0A000086:SSL routines::certificate verify failed: unable to get local issuer certificate").hasPrefix("unknown CA"))
        #expect(TLSFailureReason.describe("error:0A00042E:SSL routines::tlsv1 alert protocol version").hasPrefix("protocol version"))
        #expect(TLSFailureReason.describe("error:0A00010B:SSL routines::wrong version number").hasPrefix("the server does not speak TLS"))
        #expect(TLSFailureReason.describe("something else").hasSuffix("(something else)"))
    }
}
