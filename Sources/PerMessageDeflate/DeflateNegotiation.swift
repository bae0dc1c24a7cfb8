/// permessage-deflate negotiation (RFC 7692 §5, §7.1) for both ends of a handshake.
///
/// Server: ``respond(toOffers:options:)`` with the request's `Sec-WebSocket-Extensions` value.
/// Client: send ``offer(_:)``, then check the 101 response with ``validateResponse(_:offered:)``.
public enum DeflateNegotiation {
    /// The extension token.
    public static let extensionName = "permessage-deflate"

    /// Parses a request's `Sec-WebSocket-Extensions` value into its permessage-deflate offers, in
    /// order, each either valid or with the reason it must be declined. Other extensions are skipped.
    public static func parseOffers(_ headerValue: String)
        throws(DeflateNegotiationError) -> [Result<DeflateOffer, DeflateNegotiationError>]
    {
        var offers: [Result<DeflateOffer, DeflateNegotiationError>] = []
        for element in try ExtensionHeader.parse(headerValue) where element.name == extensionName {
            do throws(DeflateNegotiationError) {
                offers.append(.success(try DeflateOffer(validating: element)))
            } catch {
                offers.append(.failure(error))
            }
        }
        return offers
    }

    /// Server side: accepts the first acceptable permessage-deflate offer in `headerValue`.
    ///
    /// Returns nil (the handshake proceeds without compression, no response header) when
    /// compression is disabled, the header is malformed, or every offer is declined (unknown,
    /// duplicate or malformed parameters). Never fails the handshake.
    public static func respond(toOffers headerValue: String, options: DeflateOptions) -> DeflateAcceptance? {
        guard options.enableCompression, let offers = try? parseOffers(headerValue) else { return nil }
        for case .success(let offer) in offers {
            return accept(offer, options: options)
        }
        return nil
    }

    /// Server side: the response to one valid offer.
    ///
    /// - `server_no_context_takeover` is echoed when offered, or sent when the server disables it.
    /// - `client_no_context_takeover` is echoed when offered, or sent when the server requests it.
    /// - `server_max_window_bits` is answered with min(offered, ``DeflateOptions/serverMaxWindowBits``)
    ///   only when offered (a server may always compress with a smaller window than the peer's limit
    ///   without saying so; some clients reject an unsolicited one).
    /// - `client_max_window_bits` is answered with min(offered value or 15,
    ///   ``DeflateOptions/clientMaxWindowBits``) when offered and below 15; never when not offered.
    public static func accept(_ offer: DeflateOffer, options: DeflateOptions) -> DeflateAcceptance {
        var parameters = DeflateParameters()
        var response = extensionName
        if offer.serverNoContextTakeover || options.disableServerContextTakeover {
            parameters.serverNoContextTakeover = true
            response += "; server_no_context_takeover"
        }
        if offer.clientNoContextTakeover || options.requestClientNoContextTakeover {
            parameters.clientNoContextTakeover = true
            response += "; client_no_context_takeover"
        }
        parameters.serverMaxWindowBits = min(offer.serverMaxWindowBits ?? 15, options.serverMaxWindowBits)
        if offer.serverMaxWindowBits != nil {
            response += "; server_max_window_bits=\(parameters.serverMaxWindowBits)"
        }
        if offer.clientMaxWindowBitsPresent {
            let bits = min(offer.clientMaxWindowBits ?? 15, options.clientMaxWindowBits)
            parameters.clientMaxWindowBits = bits
            if bits < 15 { response += "; client_max_window_bits=\(bits)" }
        }
        return DeflateAcceptance(responseHeaderValue: response, parameters: parameters)
    }

    /// Client side: the `Sec-WebSocket-Extensions` value to send, or nil when compression is off.
    public static func offer(_ options: DeflateClientOptions) -> String? {
        guard options.enableCompression else { return nil }
        var offer = extensionName
        if options.requestServerNoContextTakeover { offer += "; server_no_context_takeover" }
        if options.disableClientContextTakeover { offer += "; client_no_context_takeover" }
        if let bits = options.serverMaxWindowBits { offer += "; server_max_window_bits=\(bits)" }
        switch options.clientMaxWindowBits {
        case .notOffered: break
        case .withoutValue: offer += "; client_max_window_bits"
        case .limit(let bits): offer += "; client_max_window_bits=\(bits)"
        }
        return offer
    }

    /// Client side: checks the server's `Sec-WebSocket-Extensions` response (nil or empty when the
    /// header is absent) against what ``offer(_:)`` sent for `offered`.
    ///
    /// Returns nil when the server did not accept compression, the parameters to use when it did,
    /// and throws when the response is not a valid answer to the offer; the client must then fail
    /// the WebSocket connection (RFC 6455 §9.1, RFC 7692 §5): an extension that was not offered,
    /// permessage-deflate twice, a bad parameter, a window larger than the offer allowed,
    /// `client_max_window_bits` when the offer did not include it, or a response that drops
    /// `server_no_context_takeover` / `server_max_window_bits` the offer asked for.
    public static func validateResponse(_ headerValue: String?, offered options: DeflateClientOptions)
        throws(DeflateNegotiationError) -> DeflateParameters?
    {
        guard let headerValue else { return nil }
        let elements = try ExtensionHeader.parse(headerValue)
        guard let element = elements.first else { return nil }
        for other in elements where other.name != extensionName { throw .unexpectedExtension(other.name) }
        guard options.enableCompression else { throw .unexpectedExtension(element.name) }
        guard elements.count == 1 else { throw .multipleResponses }

        let response = try DeflateOffer(validating: element, isResponse: true)
        var parameters = DeflateParameters()

        if options.requestServerNoContextTakeover && !response.serverNoContextTakeover {
            throw .missingParameter("server_no_context_takeover")
        }
        parameters.serverNoContextTakeover = response.serverNoContextTakeover
        parameters.clientNoContextTakeover = response.clientNoContextTakeover || options.disableClientContextTakeover

        if let bits = response.serverMaxWindowBits {
            if let limit = options.serverMaxWindowBits, bits > limit {
                throw .windowBitsNotAllowed(name: "server_max_window_bits", value: bits)
            }
            parameters.serverMaxWindowBits = bits
        } else if options.serverMaxWindowBits != nil {
            throw .missingParameter("server_max_window_bits")
        }

        switch options.clientMaxWindowBits {
        case .notOffered:
            if let bits = response.clientMaxWindowBits {
                throw .windowBitsNotAllowed(name: "client_max_window_bits", value: bits)
            }
        case .withoutValue:
            parameters.clientMaxWindowBits = response.clientMaxWindowBits ?? 15
        case .limit(let limit):
            if let bits = response.clientMaxWindowBits, bits > limit {
                throw .windowBitsNotAllowed(name: "client_max_window_bits", value: bits)
            }
            parameters.clientMaxWindowBits = response.clientMaxWindowBits ?? limit
        }
        return parameters
    }
}
