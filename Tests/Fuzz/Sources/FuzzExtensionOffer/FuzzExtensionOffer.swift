import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// `Sec-WebSocket-Extensions` and permessage-deflate negotiation, both sides.
///
/// Input: byte 0 the server's options (`FuzzDeflateOptions.server`), byte 1 the client's
/// (`FuzzDeflateOptions.client`); the rest is a header value, read as a client's offer by the server
/// and as a server's response by the client.
///
/// Properties: a parsed header has lower-case token names and token values, and parses back to the
/// same elements when written out again. When the server accepts an offer, the response it would send
/// is accepted by a client that made that offer, with parameters that agree with the server's and
/// respect the offer. When the client accepts a response, the parameters respect its offer. And the
/// client's own offer is always answered acceptably. Wherever both sides end up with parameters,
/// messages round-trip through them both ways.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtensionOffer(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let serverOptions = FuzzDeflateOptions.server(input.takeByte())
    let clientOptions = FuzzDeflateOptions.client(input.takeByte())
    let bytes = input.takeRest()
    let value = String(decoding: bytes, as: UTF8.self)
    let messages = DeflateRoundTrip.messages(from: bytes)

    Trace.print("server \(serverOptions)\nclient \(clientOptions)\nheader \(value)")
    ExtensionOfferChecks.checkSyntax(value)
    ExtensionOfferChecks.checkServer(offers: value, options: serverOptions, messages: messages)
    ExtensionOfferChecks.checkClient(response: value, offered: clientOptions, messages: messages)
    ExtensionOfferChecks.checkOwnOffer(clientOptions, server: serverOptions, messages: messages)
    return 0
}
