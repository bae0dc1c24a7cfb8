import EpollIO
import HTTP2

extension LoadRun {
    /// `wss://`: the run's one client context — SNI and the expected certificate name from the URL's
    /// host, ``LoadConfiguration/tlsVerification``, ALPN `http/1.1` (`h2, http/1.1` with `--http2`), and session resumption (the
    /// newest ticket any connection received, offered by the next). Nil for `ws://`.
    static func makeTLSContext(_ configuration: LoadConfiguration) throws(LoadError) -> TLSContext? {
        guard configuration.target.isSecure else { return nil }
        var options = TLSClientOptions(serverName: configuration.target.hostName)
        options.verification = configuration.tlsVerification
        // --http2 offers h2 first; http/1.1 too, so a server without HTTP/2 answers with its choice and
        // the run says so (handshake_failed) instead of failing the TLS handshake with an alert.
        if configuration.http2 { options.applicationProtocols = [ExtendedConnectProtocol.alpnHTTP2] + TLSApplicationProtocols.http11 }
        do {
            return try TLSContext.client(options)
        } catch {
            throw LoadError.invalidConfiguration("TLS: \(error)")
        }
    }
}
