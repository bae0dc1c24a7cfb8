import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The checks of `FuzzHandshakeResponse` on a complete response head.
enum HandshakeResponseChecks {
    /// The client's verdict on a complete head agrees with what the head says.
    static func checkVerdict(_ verdict: ClientHandshakeResult, _ head: HTTPResponseHead, consumed: Int, handshake: ClientHandshake) {
        let headers = head.headers
        switch verdict {
        case .accepted(let acceptance):
            require(head.status.code == 101, "accepted a \(head.status.code)")
            require(acceptance.head == head && acceptance.consumed == consumed, "acceptance head or length")
            require(headers.values("Sec-WebSocket-Accept") == [handshake.expectedAccept], "accepted the wrong accept value")
            require(headers.containsToken("websocket", in: "Upgrade"), "accepted without Upgrade: websocket")
            require(headers.containsToken("upgrade", in: "Connection"), "accepted without Connection: Upgrade")
            if handshake.extensionOffer == nil { require(acceptance.extensions == nil, "accepted unoffered extensions") }
            require(acceptance.extensions == headers.combinedValue("Sec-WebSocket-Extensions"), "extensions")
            if let subprotocol = acceptance.subprotocol {
                require(handshake.subprotocols.contains(subprotocol), "accepted the unoffered subprotocol \(subprotocol)")
            }
        case .failed(.unexpectedStatus(let code, let reason)):
            require(code == head.status.code && code != 101 && reason == head.status.reasonPhrase, "status \(code)")
        case .failed(.wrongAccept):
            require(headers.values("Sec-WebSocket-Accept").count >= 1, "wrong accept without one")
            require(headers.values("Sec-WebSocket-Accept") != [handshake.expectedAccept], "the right accept called wrong")
        case .failed(.missingAccept):
            require(headers.values("Sec-WebSocket-Accept").isEmpty, "missing accept while present")
        case .failed(.missingUpgradeWebSocket):
            require(!headers.containsToken("websocket", in: "Upgrade"), "missing Upgrade while present")
        case .failed(.missingConnectionUpgrade):
            require(!headers.containsToken("upgrade", in: "Connection"), "missing Connection while present")
        case .failed(.unexpectedExtensions):
            require(handshake.extensionOffer == nil, "extensions called unexpected after an offer")
        case .failed(.unexpectedSubprotocol(let subprotocol)):
            require(!handshake.subprotocols.contains(subprotocol), "offered subprotocol called unexpected")
        case .failed(.responseHeadTooLarge), .failed(.malformedResponse), .incomplete:
            require(false, "a complete head judged \(verdict)")
        }
    }

    /// The deflate answer of an accepted 101, checked against the offer; accepted parameters must
    /// respect it and work.
    static func checkDeflate(_ extensions: String?, options: DeflateClientOptions) {
        let parameters: DeflateParameters?
        do throws(DeflateNegotiationError) {
            parameters = try DeflateNegotiation.validateResponse(extensions, offered: options)
        } catch {
            return Trace.print("deflate response rejected: \(error)")
        }
        guard let parameters else {
            if let extensions {
                require((try? ExtensionHeader.parse(extensions))?.isEmpty == true, "compression declined by \(extensions)")
            }
            return
        }
        Trace.print("deflate parameters: \(parameters)")
        DeflateParameterChecks.checkClient(parameters, offered: options)
        DeflateRoundTrip.check(
            server: parameters, client: parameters, messages: DeflateRoundTrip.messages(from: Array((extensions ?? "").utf8)))
    }
}
