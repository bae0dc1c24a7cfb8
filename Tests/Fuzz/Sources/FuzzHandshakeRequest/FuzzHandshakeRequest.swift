import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The server side of the opening handshake: `HTTPRequestParser`, `UpgradeRequest`, the Origin
/// check, permessage-deflate negotiation and the responses, checked against the client side.
///
/// Input: byte 0 chooses how the request arrives (`ChunkPattern`: the parser sees a buffer that grows
/// by those sizes); byte 1 the maximum head size (bits 0–1: 8192, 64, 512, 2048), the Origin
/// allow-list (bits 2–3) and the server's deflate options (bits 4–7); the rest is the request.
///
/// Properties: the request parsed whole and parsed as it grows gives the same result; a parsed head
/// ends at the first empty line; a rejection is 400, 403, 426 or 431 and its response parses on the
/// client side with that status; an acceptance yields a 101 that `ClientHandshake` accepts with the
/// same key, extensions and subprotocol, and the client's own request for that handshake parses back
/// to the same upgrade.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandshakeRequest(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let arrival = ChunkPattern(seed: input.takeByte())
    let configuration = input.takeByte()
    let maximumHeadSize = [8192, 64, 512, 2048][Int(configuration & 3)]
    let allowedOrigins = [[], ["https://example.com"], ["http://localhost:9001", "HTTPS://EXAMPLE.COM"], ["null"]][
        Int(configuration >> 2 & 3)]
    let windowBits = 8 + Int(configuration >> 4 & 7)
    let options = DeflateOptions(
        serverMaxWindowBits: windowBits, disableServerContextTakeover: configuration & 0x80 != 0,
        clientMaxWindowBits: 23 - windowBits, requestClientNoContextTakeover: configuration & 0x80 != 0)
    let request = input.takeRest()

    func parse(_ sizes: [Int]) -> HTTPRequestParseResult {
        var parser = HTTPRequestParser(maximumHeadSize: maximumHeadSize)
        return parseGrowing(request, sizes: sizes, isIncomplete: { $0 == .incomplete }) { parser.parse($0) }
    }
    let whole = parse(request.isEmpty ? [] : [request.count])
    let grown = parse(arrival.sizes(covering: request.count))
    require(whole == grown, "whole vs arriving in \(arrival): \(whole) vs \(grown)")
    Trace.print("head limit \(maximumHeadSize), origins \(allowedOrigins), arrival in \(arrival): \(whole)")

    switch whole {
    case .incomplete:
        require(request.count < maximumHeadSize, "incomplete with \(request.count) bytes for a \(maximumHeadSize)-byte limit")
    case .failed(let status):
        require(status.code == 400 || status.code == 431, "parser failed with \(status)")
        if status.code == 431 { require(request.count >= maximumHeadSize, "431 below the limit") }
    case .complete(let head, let consumed):
        require(consumed <= maximumHeadSize, "a \(consumed)-byte head for a \(maximumHeadSize)-byte limit")
        require(endOfFirstEmptyLine(request) == consumed, "the head does not end at the first empty line")
        HandshakeRequestChecks.checkHead(head)
        do throws(UpgradeRejection) {
            let upgrade = try UpgradeRequest(validating: head)
            try upgrade.checkOrigin(allowedOrigins: allowedOrigins)
            HandshakeRequestChecks.checkAccepted(upgrade, options: options)
        } catch {
            Trace.print("rejected: \(error) (\(error.status))")
            HandshakeRequestChecks.checkRejected(error)
        }
    }
    return 0
}
