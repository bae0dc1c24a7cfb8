import PerMessageDeflate

/// Properties of negotiated permessage-deflate parameters.
public enum DeflateParameterChecks {
    /// What a client may end up with after validating a server's response to its offer: windows in
    /// 8...15, never larger than it offered to accept, and every restriction it asked for.
    public static func checkClient(_ parameters: DeflateParameters, offered options: DeflateClientOptions) {
        let context = "client parameters \(parameters) for \(options)"
        require(DeflateWindowBits.allowed.contains(parameters.serverMaxWindowBits), context)
        require(DeflateWindowBits.allowed.contains(parameters.clientMaxWindowBits), context)
        if options.requestServerNoContextTakeover { require(parameters.serverNoContextTakeover, context) }
        if options.disableClientContextTakeover { require(parameters.clientNoContextTakeover, context) }
        if let limit = options.serverMaxWindowBits { require(parameters.serverMaxWindowBits <= limit, context) }
        switch options.clientMaxWindowBits {
        case .notOffered: require(parameters.clientMaxWindowBits == 15, context)
        case .withoutValue: break
        case .limit(let limit): require(parameters.clientMaxWindowBits <= limit, context)
        }
    }

    /// A server's parameters (from ``DeflateAcceptance``) and the client's (from validating the
    /// server's response) describe the same connection: the same context-takeover rules both ways,
    /// the same client window, and a server window the client's inflater can hold.
    public static func checkAgreement(server: DeflateParameters, client: DeflateParameters) {
        let context = "server \(server) vs client \(client)"
        require(server.serverNoContextTakeover == client.serverNoContextTakeover, context)
        require(server.clientNoContextTakeover == client.clientNoContextTakeover, context)
        require(server.clientMaxWindowBits == client.clientMaxWindowBits, context)
        require(server.serverMaxWindowBits <= client.serverMaxWindowBits, context)
    }
}
