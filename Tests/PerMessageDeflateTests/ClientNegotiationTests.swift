import PerMessageDeflate
import Testing

@Suite struct ClientNegotiationTests {
    typealias Options = DeflateClientOptions

    @Test func offers() {
        #expect(DeflateNegotiation.offer(Options()) == "permessage-deflate; client_max_window_bits")
        #expect(DeflateNegotiation.offer(Options(clientMaxWindowBits: .notOffered)) == "permessage-deflate")
        #expect(
            DeflateNegotiation.offer(
                Options(
                    requestServerNoContextTakeover: true, disableClientContextTakeover: true, serverMaxWindowBits: 10,
                    clientMaxWindowBits: .limit(9)))
                == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9"
        )
        #expect(DeflateNegotiation.offer(Options(enableCompression: false)) == nil)
    }

    @Test func acceptedResponses() throws {
        let options = Options()
        #expect(try DeflateNegotiation.validateResponse(nil, offered: options) == nil)
        #expect(try DeflateNegotiation.validateResponse("", offered: options) == nil)
        #expect(try DeflateNegotiation.validateResponse("permessage-deflate", offered: options) == DeflateParameters())
        #expect(
            try DeflateNegotiation.validateResponse("Permessage-Deflate; client_max_window_bits=10", offered: options)
                == DeflateParameters(clientMaxWindowBits: 10))
        #expect(
            try DeflateNegotiation.validateResponse("permessage-deflate; server_max_window_bits=8", offered: options)
                == DeflateParameters(serverMaxWindowBits: 8))
        #expect(
            try DeflateNegotiation.validateResponse(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover", offered: options)
                == DeflateParameters(serverNoContextTakeover: true, clientNoContextTakeover: true))
        // The client keeps its own promise not to take over context even if the server does not echo it.
        #expect(
            try DeflateNegotiation.validateResponse(
                "permessage-deflate", offered: Options(disableClientContextTakeover: true))
                == DeflateParameters(clientNoContextTakeover: true))
        #expect(
            try DeflateNegotiation.validateResponse("permessage-deflate", offered: Options(clientMaxWindowBits: .limit(10)))
                == DeflateParameters(clientMaxWindowBits: 10))
        #expect(
            try DeflateNegotiation.validateResponse(
                "permessage-deflate; client_max_window_bits=9", offered: Options(clientMaxWindowBits: .limit(10)))
                == DeflateParameters(clientMaxWindowBits: 9))
        #expect(
            try DeflateNegotiation.validateResponse(
                "permessage-deflate; server_max_window_bits=9", offered: Options(serverMaxWindowBits: 10))
                == DeflateParameters(serverMaxWindowBits: 9))
    }

    /// (response, client options) → the error that fails the connection.
    @Test(arguments: [
        ("x-foo", Options(), DeflateNegotiationError.unexpectedExtension("x-foo")),
        ("permessage-deflate, x-foo", Options(), .unexpectedExtension("x-foo")),
        ("permessage-deflate, permessage-deflate", Options(), .multipleResponses),
        ("permessage-deflate", Options(enableCompression: false), .unexpectedExtension("permessage-deflate")),
        ("permessage-deflate; foo=1", Options(), .unknownParameter("foo")),
        ("permessage-deflate; server_no_context_takeover; server_no_context_takeover", Options(), .duplicateParameter("server_no_context_takeover")),
        ("permessage-deflate; client_max_window_bits", Options(), .invalidParameterValue(name: "client_max_window_bits", value: nil)),
        ("permessage-deflate; server_max_window_bits", Options(), .invalidParameterValue(name: "server_max_window_bits", value: nil)),
        ("permessage-deflate; server_max_window_bits=16", Options(), .invalidParameterValue(name: "server_max_window_bits", value: "16")),
        ("permessage-deflate; server_max_window_bits=010", Options(), .invalidParameterValue(name: "server_max_window_bits", value: "010")),
        ("permessage-deflate; server_no_context_takeover=1", Options(), .invalidParameterValue(name: "server_no_context_takeover", value: "1")),
        ("permessage-deflate; client_max_window_bits=10", Options(clientMaxWindowBits: .notOffered), .windowBitsNotAllowed(name: "client_max_window_bits", value: 10)),
        ("permessage-deflate; client_max_window_bits=11", Options(clientMaxWindowBits: .limit(10)), .windowBitsNotAllowed(name: "client_max_window_bits", value: 11)),
        ("permessage-deflate; server_max_window_bits=11", Options(serverMaxWindowBits: 10), .windowBitsNotAllowed(name: "server_max_window_bits", value: 11)),
        ("permessage-deflate", Options(serverMaxWindowBits: 10), .missingParameter("server_max_window_bits")),
        ("permessage-deflate", Options(requestServerNoContextTakeover: true), .missingParameter("server_no_context_takeover")),
        ("permessage-deflate;", Options(), .malformedHeader(offset: 19)),
    ] as [(String, Options, DeflateNegotiationError)])
    func rejectedResponses(response: String, options: Options, error: DeflateNegotiationError) {
        #expect(throws: error) { try DeflateNegotiation.validateResponse(response, offered: options) }
    }

    /// Every client offer, answered by servers with various options, gives both sides the same parameters.
    @Test func clientAndServerAgree() throws {
        let clientWindows: [Options.ClientMaxWindowBits] = [.notOffered, .withoutValue, .limit(8), .limit(12), .limit(15)]
        var checked = 0
        for requestServerNoContextTakeover in [false, true] {
            for disableClientContextTakeover in [false, true] {
                for serverMaxWindowBits in [nil, 8, 11, 15] as [Int?] {
                    for clientMaxWindowBits in clientWindows {
                        let client = Options(
                            requestServerNoContextTakeover: requestServerNoContextTakeover,
                            disableClientContextTakeover: disableClientContextTakeover,
                            serverMaxWindowBits: serverMaxWindowBits, clientMaxWindowBits: clientMaxWindowBits)
                        let offer = try #require(DeflateNegotiation.offer(client))
                        for server in [
                            DeflateOptions(), DeflateOptions(serverMaxWindowBits: 15, clientMaxWindowBits: 15),
                            DeflateOptions(
                                serverMaxWindowBits: 9, disableServerContextTakeover: true, clientMaxWindowBits: 8,
                                requestClientNoContextTakeover: true),
                        ] {
                            let acceptance = try #require(DeflateNegotiation.respond(toOffers: offer, options: server))
                            let clientSide = try DeflateNegotiation.validateResponse(
                                acceptance.responseHeaderValue, offered: client)
                            let serverSide = acceptance.parameters
                            #expect(clientSide?.serverNoContextTakeover == serverSide.serverNoContextTakeover)
                            #expect(clientSide?.clientNoContextTakeover == serverSide.clientNoContextTakeover)
                            #expect(clientSide?.clientMaxWindowBits == serverSide.clientMaxWindowBits)
                            // The server may compress with a smaller window than it announced.
                            #expect(serverSide.serverMaxWindowBits <= clientSide?.serverMaxWindowBits ?? 0)
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 2 * 2 * 4 * 5 * 3)
    }
}
