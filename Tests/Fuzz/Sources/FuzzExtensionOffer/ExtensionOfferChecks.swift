import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// The checks of `FuzzExtensionOffer`.
enum ExtensionOfferChecks {
    /// The header grammar: what parses is made of lower-case tokens and token values, and writing
    /// it out again gives the same elements.
    static func checkSyntax(_ value: String) {
        let elements: [ExtensionHeaderElement]
        do throws(DeflateNegotiationError) {
            elements = try ExtensionHeader.parse(value)
        } catch {
            guard case .malformedHeader(let offset) = error else { return require(false, "parse threw \(error)") }
            return require(offset <= value.utf8.count, "malformed at \(offset) of \(value.utf8.count)")
        }
        for element in elements {
            require(isLowercaseToken(element.name), "extension name \(element.name)")
            for parameter in element.parameters {
                require(isLowercaseToken(parameter.name), "parameter name \(parameter.name)")
                if let value = parameter.value { require(isToken(value), "parameter value \(value)") }
            }
        }
        let written = elements.map(headerText).joined(separator: ", ")
        require((try? ExtensionHeader.parse(written)) == elements, "\(value) written out as \(written) parses otherwise")
    }

    /// Server side: an accepted offer yields a response the offering client accepts, with agreeing
    /// parameters that respect the offer.
    static func checkServer(offers value: String, options: DeflateOptions, messages: [[UInt8]]) {
        let offers = try? DeflateNegotiation.parseOffers(value)
        let firstValid = offers?.lazy.compactMap { try? $0.get() }.first
        let acceptance = DeflateNegotiation.respond(toOffers: value, options: options)
        Trace.print("offers: \(String(describing: offers))\nserver answers: \(String(describing: acceptance))")
        guard let acceptance else {
            return require(!options.enableCompression || firstValid == nil, "declined the valid offer \(String(describing: firstValid))")
        }
        guard let offer = firstValid else { return require(false, "accepted without a valid offer") }
        require(acceptance == DeflateNegotiation.accept(offer, options: options), "not the answer to the first valid offer")
        let server = acceptance.parameters
        if let bits = offer.serverMaxWindowBits { require(server.serverMaxWindowBits <= bits, "server window over the offer") }
        if let bits = offer.clientMaxWindowBits { require(server.clientMaxWindowBits <= bits, "client window over the offer") }
        if !offer.clientMaxWindowBitsPresent { require(server.clientMaxWindowBits == 15, "client window not offered but limited") }
        if offer.serverNoContextTakeover { require(server.serverNoContextTakeover, "server_no_context_takeover dropped") }
        if offer.clientNoContextTakeover { require(server.clientNoContextTakeover, "client_no_context_takeover dropped") }

        let client = clientParameters(acceptance.responseHeaderValue, offered: FuzzDeflateOptions.client(making: offer))
        DeflateParameterChecks.checkAgreement(server: server, client: client)
        DeflateRoundTrip.check(server: server, client: client, messages: messages)
    }

    /// Client side: an accepted response respects the offer, and works.
    static func checkClient(response value: String, offered options: DeflateClientOptions, messages: [[UInt8]]) {
        let parameters = Result { () throws(DeflateNegotiationError) in try DeflateNegotiation.validateResponse(value, offered: options) }
        Trace.print("as a response: \(parameters)")
        guard case .success(let parameters?) = parameters else { return }
        DeflateParameterChecks.checkClient(parameters, offered: options)
        DeflateRoundTrip.check(server: parameters, client: parameters, messages: messages)
    }

    /// The client's own offer parses back to itself, and any server that accepts it answers acceptably.
    static func checkOwnOffer(_ options: DeflateClientOptions, server: DeflateOptions, messages: [[UInt8]]) {
        guard let offerText = DeflateNegotiation.offer(options) else { return require(false, "no offer") }
        let offers = try? DeflateNegotiation.parseOffers(offerText)
        guard let offers, offers.count == 1, let offer = try? offers[0].get() else {
            return require(false, "the offer \(offerText) does not parse back")
        }
        require(FuzzDeflateOptions.client(making: offer) == options, "\(offerText) parses back as \(offer)")
        guard let acceptance = DeflateNegotiation.respond(toOffers: offerText, options: server) else {
            return require(!server.enableCompression, "\(offerText) declined")
        }
        let client = clientParameters(acceptance.responseHeaderValue, offered: options)
        DeflateParameterChecks.checkAgreement(server: acceptance.parameters, client: client)
        DeflateRoundTrip.check(server: acceptance.parameters, client: client, messages: messages)
    }

    /// The client's parameters for a server's response that it must accept.
    static func clientParameters(_ response: String, offered options: DeflateClientOptions) -> DeflateParameters {
        do throws(DeflateNegotiationError) {
            guard let parameters = try DeflateNegotiation.validateResponse(response, offered: options) else {
                require(false, "the client ignores the response \(response)")
                return DeflateParameters()
            }
            DeflateParameterChecks.checkClient(parameters, offered: options)
            return parameters
        } catch {
            require(false, "the client rejects the response \(response) to its offer: \(error)")
            return DeflateParameters()
        }
    }

    /// An element as header text: `name; parameter; parameter=value`.
    static func headerText(_ element: ExtensionHeaderElement) -> String {
        var text = element.name
        for parameter in element.parameters {
            text += "; " + parameter.name
            if let value = parameter.value { text += "=" + value }
        }
        return text
    }

    static func isToken(_ text: String) -> Bool { !text.isEmpty && text.utf8.allSatisfy(HTTPSyntax.isTokenCharacter) }

    static func isLowercaseToken(_ text: String) -> Bool {
        isToken(text) && !text.utf8.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
