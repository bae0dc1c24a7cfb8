import Testing
@testable import WebSocketCore

@Suite struct HTTPRequestHeadTests {
    func head(target: String, headers: [HTTPHeaderField] = []) -> HTTPRequestHead {
        HTTPRequestHead(method: "GET", target: target, version: .http1_1, headers: HTTPHeaders(headers))
    }

    @Test func pathAndQuery() {
        #expect(head(target: "/").path == "/")
        #expect(head(target: "/").query == nil)
        #expect(head(target: "/ws?a=1&b=2").path == "/ws")
        #expect(head(target: "/ws?a=1&b=2").query == "a=1&b=2")
        #expect(head(target: "/ws#frag").path == "/ws")
        #expect(head(target: "/ws?q#frag").query == "q")
    }

    @Test func absoluteFormTarget() {
        #expect(head(target: "http://example.com/chat?x").path == "/chat")
        #expect(head(target: "ws://example.com:9001").path == "/")
        #expect(head(target: "http://example.com?x").path == "/")
    }

    @Test func upgradeAttemptDetection() {
        #expect(!head(target: "/").isWebSocketUpgradeAttempt)
        #expect(!head(target: "/", headers: [.init(name: "Upgrade", value: "h2c")]).isWebSocketUpgradeAttempt)
        #expect(head(target: "/", headers: [.init(name: "upgrade", value: "h2c, WebSocket")]).isWebSocketUpgradeAttempt)
        #expect(head(target: "/", headers: [.init(name: "Sec-WebSocket-Key", value: "x")]).isWebSocketUpgradeAttempt)
        #expect(head(target: "/", headers: [.init(name: "Sec-WebSocket-Version", value: "13")]).isWebSocketUpgradeAttempt)
    }

    @Test func tokenLists() {
        #expect(HTTPTokenList.elements(of: " a, ,b ,\tc,, ") == ["a", "b", "c"])
        #expect(HTTPTokenList.elements(of: "") == [])
        #expect(HTTPTokenList.contains("upgrade", in: "keep-alive, Upgrade"))
        #expect(HTTPTokenList.contains("websocket", in: "foo, WebSocket"))
        #expect(!HTTPTokenList.contains("upgrade", in: "keep-alive, upgraded"))
        #expect(!HTTPTokenList.contains("websocket", in: "websocket2"))
    }
}
