import Testing
@testable import WebSocketCore

@Suite struct HandshakeResponseTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func switchingProtocolsMinimal() {
        let response = HandshakeResponse.switchingProtocols(accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(
            text(response)
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func switchingProtocolsWithExtensionsAndProtocol() throws {
        let upgrade = try UpgradeRequest(validating: try #require(requestHead(sampleUpgradeRequest)))
        let response = HandshakeResponse.switchingProtocols(for: upgrade, extensions: "permessage-deflate", subprotocol: "chat")
        #expect(
            text(response)
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Extensions: permessage-deflate\r\n"
                + "Sec-WebSocket-Protocol: chat\r\n\r\n")
    }

    /// The caller-buffer path (`HTTPHeadWriter.write(into:)`, as `ClientHandshake.writeRequest(into:)` uses it)
    /// renders the same bytes as the array path and reports a buffer one byte too small.
    @Test func writeIntoCallerBufferMatchesArrayAndReportsTooSmall() {
        let expected = HandshakeResponse.switchingProtocols(accept: "abc", extensions: "x")
        func write(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
            HTTPHeadWriter.write(into: buffer) { HandshakeResponse.renderSwitchingProtocols(&$0, "abc", "x", nil) }
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let written = buffer.withUnsafeMutableBytes { write(into: $0) }
        #expect(written == expected.count)
        #expect(Array(buffer.prefix(expected.count)) == expected)
        var small = [UInt8](repeating: 0, count: expected.count - 1)
        #expect(small.withUnsafeMutableBytes { write(into: $0) } == nil)
    }

    @Test func errorResponsesCarryLengthCloseAndBody() {
        for status in [HTTPStatus.badRequest, .forbidden, .notFound, .requestHeaderFieldsTooLarge, .serviceUnavailable] {
            let body = "\(status.code) \(status.reasonPhrase)\n"
            #expect(
                text(HandshakeResponse.error(status))
                    == "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        }
    }

    @Test func upgradeRequiredAdvertisesVersion13() {
        let response = text(HandshakeResponse.rejection(.unsupportedWebSocketVersion("8")))
        #expect(response.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
        #expect(response.contains("\r\nSec-WebSocket-Version: 13\r\n"))
        #expect(response.contains("\r\nUpgrade: websocket\r\n"))
        #expect(response.hasSuffix("\r\n\r\nUnsupported Sec-WebSocket-Version (expected 13)\n"))
    }

    @Test func methodNotAllowedAdvertisesGet() {
        #expect(text(HandshakeResponse.error(.methodNotAllowed)).contains("\r\nAllow: GET\r\n"))
    }

    @Test func rejectionResponseParsesBackWithItsStatus() {
        for rejection in [UpgradeRejection.invalidKey, .originNotAllowed(nil), .unsupportedWebSocketVersion(nil)] {
            var parser = HTTPResponseParser()
            let bytes = HandshakeResponse.rejection(rejection)
            guard case .complete(let head, let consumed) = bytes.withUnsafeBytes({ parser.parse($0) }) else {
                Issue.record("unparsable response for \(rejection)")
                continue
            }
            #expect(head.status == rejection.status)
            #expect(head.headers.first("Content-Length") == String(bytes.count - consumed))
        }
    }

    @Test func okResponse() {
        let body = Array("<h1>hi</h1>".utf8)
        #expect(
            text(HandshakeResponse.ok(body: body, contentType: "text/html; charset=utf-8"))
                == "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\n"
                + "Connection: close\r\n\r\n<h1>hi</h1>")
        let empty = text(HandshakeResponse.ok(body: [], contentType: "text/plain", closeConnection: false))
        #expect(empty.contains("\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"))
        var buffer = [UInt8](repeating: 0, count: 200)
        let written = body.withUnsafeBytes { body in
            buffer.withUnsafeMutableBytes { out in
                HTTPHeadWriter.write(into: out) { HandshakeResponse.renderOK(&$0, body, "text/html", true) }
            }
        }
        #expect(written.map { text(Array(buffer.prefix($0))).hasSuffix("\r\n\r\n<h1>hi</h1>") } == true)
    }

    @Test func headerValuesCannotInjectLines() {
        let response = text(HandshakeResponse.switchingProtocols(accept: "a\r\nSet-Cookie: x", subprotocol: "p\n"))
        #expect(!response.contains("\r\nSet-Cookie"))
        #expect(response.contains("Sec-WebSocket-Accept: a  Set-Cookie: x\r\n"))
        #expect(response.contains("Sec-WebSocket-Protocol: p \r\n"))
    }
}
