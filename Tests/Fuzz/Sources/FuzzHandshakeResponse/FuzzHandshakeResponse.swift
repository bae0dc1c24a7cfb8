import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The client side of the opening handshake: `HTTPResponseParser` and `ClientHandshake`'s checks of
/// the server's answer (status line, headers, `Sec-WebSocket-Accept`, extensions, subprotocol), then
/// permessage-deflate's validation of the accepted extensions.
///
/// The client's key is RFC 6455's sample (`dGhlIHNhbXBsZSBub25jZQ==`), so an accepting response
/// carries `Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`. Input: byte 0 chooses how the
/// response arrives (`ChunkPattern`); byte 1 bit 0 whether the client offers permessage-deflate,
/// bits 1–2 the subprotocols offered, bit 3 a 256-byte head limit; byte 2 the deflate offer
/// (`FuzzDeflateOptions.client`); the rest is the response.
///
/// Properties: parsed whole and as it grows, the response gives the same result; the client's
/// verdict matches the parser's; an accepted response has status 101, exactly the expected accept
/// value, `Upgrade: websocket`, `Connection: Upgrade`, no extension unless offered and a subprotocol
/// that was offered; accepted deflate parameters respect the offer and work (messages round-trip).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshakeResponse(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let arrival = ChunkPattern(seed: input.takeByte())
    let configuration = input.takeByte()
    let options = FuzzDeflateOptions.client(input.takeByte())
    let offersDeflate = configuration & 1 != 0
    let subprotocols = [[], ["chat"], ["chat", "superchat"], ["v1.json.example"]][Int(configuration >> 1 & 3)]
    let maximumHeadSize = configuration & 8 != 0 ? 256 : HTTPRequestParser.defaultMaximumHeadSize
    let response = input.takeRest()

    let handshake = ClientHandshake(
        host: "server.example.com", path: "/chat", keyBytes: Array("the sample nonce".utf8),
        extensionOffer: offersDeflate ? DeflateNegotiation.offer(options) : nil, subprotocols: subprotocols,
        maximumResponseHeadSize: maximumHeadSize)
    require(handshake.expectedAccept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "RFC 6455 §1.3 accept value")

    func parseHead(_ sizes: [Int]) -> HTTPResponseParseResult {
        var parser = HTTPResponseParser(maximumHeadSize: maximumHeadSize)
        return parseGrowing(response, sizes: sizes, isIncomplete: { $0 == .incomplete }) { parser.parse($0) }
    }
    func validate(_ sizes: [Int]) -> ClientHandshakeResult {
        var client = handshake
        return parseGrowing(response, sizes: sizes, isIncomplete: { $0 == .incomplete }) { client.parseResponse($0) }
    }
    let wholeSizes = response.isEmpty ? [] : [response.count]
    let arrivalSizes = arrival.sizes(covering: response.count)
    let head = parseHead(wholeSizes)
    let verdict = validate(wholeSizes)
    require(head == parseHead(arrivalSizes), "head parsed whole vs arriving in \(arrival)")
    require(verdict == validate(arrivalSizes), "verdict whole vs arriving in \(arrival)")
    Trace.print("offer \(String(describing: handshake.extensionOffer)), subprotocols \(subprotocols): \(verdict)")

    switch head {
    case .incomplete:
        require(verdict == .incomplete, "incomplete head, verdict \(verdict)")
    case .tooLarge:
        require(verdict == .failed(.responseHeadTooLarge), "head too large, verdict \(verdict)")
        require(response.count >= maximumHeadSize, "too large below the limit")
    case .malformed:
        require(verdict == .failed(.malformedResponse), "malformed head, verdict \(verdict)")
    case .complete(let parsed, let consumed):
        require(endOfFirstEmptyLine(response) == consumed, "the head does not end at the first empty line")
        require((0...999).contains(parsed.status.code), "status \(parsed.status.code)")
        require(parsed.version.major <= 9 && parsed.version.minor <= 9, "version \(parsed.version)")
        HandshakeResponseChecks.checkVerdict(verdict, parsed, consumed: consumed, handshake: handshake)
        if case .accepted(let acceptance) = verdict, offersDeflate {
            HandshakeResponseChecks.checkDeflate(acceptance.extensions, options: options)
        }
    }
    return 0
}
