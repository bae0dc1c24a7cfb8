import PerMessageDeflate
import Testing

@Suite struct ServerNegotiationTests {
    /// RFC 7692's defaults: the server imposes no limits of its own.
    static let permissive = DeflateOptions(serverMaxWindowBits: 15, clientMaxWindowBits: 15)

    /// Offer → response header value (nil: proceed uncompressed), with permissive options.
    @Test(arguments: [
        ("permessage-deflate", "permessage-deflate"),
        ("PerMessage-Deflate", "permessage-deflate"),
        ("permessage-deflate; client_max_window_bits", "permessage-deflate"),
        ("permessage-deflate; client_max_window_bits=10", "permessage-deflate; client_max_window_bits=10"),
        ("permessage-deflate; client_max_window_bits=\"10\"", "permessage-deflate; client_max_window_bits=10"),
        ("permessage-deflate; server_max_window_bits=10", "permessage-deflate; server_max_window_bits=10"),
        ("permessage-deflate; server_max_window_bits=8", "permessage-deflate; server_max_window_bits=8"),
        ("permessage-deflate; server_max_window_bits=15", "permessage-deflate; server_max_window_bits=15"),
        (
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
        ),
        (
            "  permessage-deflate ;\tSERVER_MAX_WINDOW_BITS = \"1\\2\" ; client_max_window_bits ",
            "permessage-deflate; server_max_window_bits=12"
        ),
        ("x-webkit-deflate-frame, permessage-deflate; client_max_window_bits", "permessage-deflate"),
        (", ,permessage-deflate", "permessage-deflate"),
        // The first acceptable offer wins; declined offers are skipped.
        ("permessage-deflate; server_max_window_bits=7, permessage-deflate", "permessage-deflate"),
        (
            "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover",
            "permessage-deflate; client_no_context_takeover"
        ),
        (
            "permessage-deflate; server_max_window_bits=10, permessage-deflate",
            "permessage-deflate; server_max_window_bits=10"
        ),
        ("permessage-deflate; x=1, permessage-deflate; server_no_context_takeover", "permessage-deflate; server_no_context_takeover"),
    ] as [(String, String)])
    func acceptedOffers(offer: String, response: String) {
        #expect(DeflateNegotiation.respond(toOffers: offer, options: Self.permissive)?.responseHeaderValue == response)
    }

    /// Offers that are all declined: the handshake proceeds uncompressed.
    @Test(arguments: [
        "",
        "x-custom",
        "x-webkit-deflate-frame",
        "permessage-deflate; foo",
        "permessage-deflate; foo=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; Server_Max_Window_Bits=10; server_max_window_bits=10",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=9",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover=\"x\"",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=09",
        "permessage-deflate; server_max_window_bits=+9",
        "permessage-deflate; server_max_window_bits=-9",
        "permessage-deflate; server_max_window_bits=9.0",
        "permessage-deflate; server_max_window_bits=0x0f",
        "permessage-deflate; server_max_window_bits=150",
        "permessage-deflate; client_max_window_bits=0",
        "permessage-deflate; client_max_window_bits=16",
        "permessage-deflate; client_max_window_bits=ten",
        // Malformed headers: nothing in them can be trusted, so everything is declined.
        "permessage-deflate;",
        "permessage-deflate;; client_max_window_bits",
        "permessage-deflate client_max_window_bits",
        "permessage-deflate; =10",
        "permessage-deflate; server_max_window_bits=\"\"",
        "permessage-deflate; server_max_window_bits=\"1 0\"",
        "permessage-deflate; server_max_window_bits=\"10",
        "permessage-deflate, x-foo; a=\"b",
        "permessage-deflaté",
    ])
    func declinedOffers(offer: String) {
        #expect(DeflateNegotiation.respond(toOffers: offer, options: Self.permissive) == nil)
    }

    @Test func declineReasonsAreReported() throws {
        let offers = try DeflateNegotiation.parseOffers(
            "permessage-deflate; a, permessage-deflate; server_no_context_takeover; server_no_context_takeover, "
                + "permessage-deflate; server_max_window_bits=16, permessage-deflate; client_max_window_bits")
        #expect(offers.count == 4)
        #expect(throws: DeflateNegotiationError.unknownParameter("a")) { try offers[0].get() }
        #expect(throws: DeflateNegotiationError.duplicateParameter("server_no_context_takeover")) { try offers[1].get() }
        #expect(throws: DeflateNegotiationError.invalidParameterValue(name: "server_max_window_bits", value: "16")) {
            try offers[2].get()
        }
        #expect(try offers[3].get().clientMaxWindowBitsPresent)
    }

    @Test func negotiatedParametersMatchTheResponse() throws {
        let acceptance = try #require(
            DeflateNegotiation.respond(
                toOffers: "permessage-deflate; server_max_window_bits=8; client_max_window_bits=11; client_no_context_takeover",
                options: Self.permissive))
        #expect(
            acceptance.parameters
                == DeflateParameters(clientNoContextTakeover: true, serverMaxWindowBits: 8, clientMaxWindowBits: 11))
    }

    /// Server options → (offer → response, parameters).
    @Test func serverOptionsShapeTheResponse() throws {
        let limited = DeflateOptions(serverMaxWindowBits: 10, clientMaxWindowBits: 12)
        func respond(_ offer: String, _ options: DeflateOptions) -> DeflateAcceptance? {
            DeflateNegotiation.respond(toOffers: offer, options: options)
        }
        // The server may use a smaller window than allowed without saying so.
        #expect(respond("permessage-deflate", limited)?.responseHeaderValue == "permessage-deflate")
        #expect(respond("permessage-deflate", limited)?.parameters.serverMaxWindowBits == 10)
        #expect(respond("permessage-deflate", limited)?.parameters.clientMaxWindowBits == 15)
        #expect(
            respond("permessage-deflate; server_max_window_bits=12", limited)?.responseHeaderValue
                == "permessage-deflate; server_max_window_bits=10")
        #expect(
            respond("permessage-deflate; server_max_window_bits=9", limited)?.responseHeaderValue
                == "permessage-deflate; server_max_window_bits=9")
        #expect(
            respond("permessage-deflate; client_max_window_bits", limited)?.responseHeaderValue
                == "permessage-deflate; client_max_window_bits=12")
        #expect(
            respond("permessage-deflate; client_max_window_bits=10", limited)?.responseHeaderValue
                == "permessage-deflate; client_max_window_bits=10")
        #expect(respond("permessage-deflate; client_max_window_bits", limited)?.parameters.clientMaxWindowBits == 12)

        let noServerTakeover = DeflateOptions(disableServerContextTakeover: true)
        #expect(respond("permessage-deflate", noServerTakeover)?.responseHeaderValue == "permessage-deflate; server_no_context_takeover")
        #expect(respond("permessage-deflate", noServerTakeover)?.parameters.serverNoContextTakeover == true)

        let noClientTakeover = DeflateOptions(requestClientNoContextTakeover: true)
        #expect(respond("permessage-deflate", noClientTakeover)?.responseHeaderValue == "permessage-deflate; client_no_context_takeover")

        #expect(respond("permessage-deflate", DeflateOptions(enableCompression: false)) == nil)
    }
}
