import Testing

@testable import WebSocketCore

/// Extra header fields and subprotocols of a client's upgrade request: what may be added, where it
/// goes, and how the server's subprotocol choice is checked.
@Suite struct ClientHandshakeHeaderTests {
    static let keyBytes = Array("the sample nonce".utf8)
    static let accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    func response(_ extra: String = "") -> [UInt8] {
        Array(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(Self.accept)\r\n\(extra)\r\n"
                .utf8)
    }

    func parse(_ subprotocols: [String], _ response: [UInt8]) -> ClientHandshakeResult {
        var client = ClientHandshake(host: "h", keyBytes: Self.keyBytes, subprotocols: subprotocols)
        return response.withUnsafeBytes { client.parseResponse($0) }
    }

    @Test func extraHeadersFollowTheHandshakesOwnAndReachTheServer() throws {
        let headers = [
            HTTPHeaderField(name: "Authorization", value: "Bearer abc.def"), HTTPHeaderField(name: "Cookie", value: "a=1; b=2"),
        ]
        let client = ClientHandshake(
            host: "api.example.com", path: "/ws?x=1", keyBytes: Self.keyBytes, origin: "https://example.com",
            subprotocols: ["v2.json"], headers: headers)
        let text = String(decoding: client.request(), as: UTF8.self)
        #expect(
            text.hasSuffix(
                "Origin: https://example.com\r\nSec-WebSocket-Protocol: v2.json\r\nAuthorization: Bearer abc.def\r\nCookie: a=1; b=2\r\n\r\n"
            ))
        var parser = HTTPRequestParser()
        let bytes = client.request()
        guard case .complete(let head, _) = bytes.withUnsafeBytes({ parser.parse($0) }) else {
            Issue.record("the server could not parse the request")
            return
        }
        let upgrade = try UpgradeRequest(validating: head)
        #expect(upgrade.host == "api.example.com")
        #expect(upgrade.target == "/ws?x=1")
        #expect(head.headers.first("authorization") == "Bearer abc.def")
        #expect(head.headers.first("Cookie") == "a=1; b=2")
        #expect(upgrade.subprotocols == ["v2.json"])
    }

    @Test func headersTheHandshakeOwnsAreRefused() {
        for name in ["Host", "upgrade", "CONNECTION", "Sec-WebSocket-Key", "sec-websocket-version", "Sec-WebSocket-Extensions"] {
            guard case .ownedByHandshake = ClientHandshake.problem(withHeader: HTTPHeaderField(name: name, value: "x")) else {
                Issue.record("\(name) accepted")
                continue
            }
        }
        #expect(ClientHandshake.problem(withHeader: HTTPHeaderField(name: "origin", value: "x")) == .origin)
        #expect(ClientHandshake.problem(withHeader: HTTPHeaderField(name: "Sec-WebSocket-Protocol", value: "x")) == .subprotocol)
        #expect(
            ClientHandshake.problem(withHeader: HTTPHeaderField(name: "Content-Length", value: "5")) == .body("Content-Length"))
        #expect(
            ClientHandshake.problem(withHeader: HTTPHeaderField(name: "transfer-encoding", value: "chunked"))
                == .body("Transfer-Encoding"))
    }

    @Test func namesMustBeTokensAndValuesOneLine() {
        for name in ["", "X Token", "X-Token:", "Bad\r\nName", "Ümlaut"] {
            #expect(ClientHandshake.problem(withHeader: HTTPHeaderField(name: name, value: "v")) == .invalidName(name))
        }
        for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "nul\u{0}", "del\u{7F}"] {
            #expect(
                ClientHandshake.problem(withHeader: HTTPHeaderField(name: "X-Token", value: value))
                    == .invalidValue(name: "X-Token"))
        }
        for value in ["", "Bearer a.b.c", "tab\there", "naïve UTF-8"] {
            #expect(ClientHandshake.problem(withHeader: HTTPHeaderField(name: "X-Token", value: value)) == nil)
        }
        #expect(ClientHeaderProblem.invalidValue(name: "X").description.contains("one line"))
    }

    @Test func subprotocolNamesAreTokens() {
        #expect(ClientHandshake.isValidSubprotocol("graphql-transport-ws"))
        #expect(ClientHandshake.isValidSubprotocol("v1.json.example"))
        #expect(!ClientHandshake.isValidSubprotocol(""))
        #expect(!ClientHandshake.isValidSubprotocol("a b"))
        #expect(!ClientHandshake.isValidSubprotocol("a,b"))
    }

    @Test func chosenSubprotocolIsReported() {
        guard case .accepted(let acceptance) = parse(["chat", "superchat"], response("Sec-WebSocket-Protocol: superchat\r\n"))
        else {
            Issue.record("expected accepted")
            return
        }
        #expect(acceptance.subprotocol == "superchat")
        guard case .accepted(let none) = parse(["chat"], response()) else {
            Issue.record("a server may choose none of the offered subprotocols")
            return
        }
        #expect(none.subprotocol == nil)
    }

    @Test func subprotocolNotOfferedOrWithoutOfferOrSeveralIsRefused() {
        #expect(
            parse(["chat"], response("Sec-WebSocket-Protocol: superchat\r\n")) == .failed(.unexpectedSubprotocol("superchat")))
        #expect(parse([], response("Sec-WebSocket-Protocol: chat\r\n")) == .failed(.unexpectedSubprotocol("chat")))
        #expect(
            parse(["chat", "superchat"], response("Sec-WebSocket-Protocol: chat, superchat\r\n"))
                == .failed(.unexpectedSubprotocol("chat, superchat")))
        #expect(parse(["chat"], response("Sec-WebSocket-Protocol: CHAT\r\n")) == .failed(.unexpectedSubprotocol("CHAT")))
        #expect(ClientHandshakeFailure.unexpectedSubprotocol("x").description.contains("not offered"))
    }
}
