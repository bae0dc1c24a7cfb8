import EpollIO

extension LoadRun {
    /// `wss://`: the run's one client context — SNI and the expected certificate name from the URL's
    /// host, ``LoadConfiguration/tlsVerification``, ALPN `http/1.1`, and session resumption (the
    /// newest ticket any connection received, offered by the next). Nil for `ws://`.
    static func makeTLSContext(_ configuration: LoadConfiguration) throws(LoadError) -> TLSContext? {
        guard configuration.target.isSecure else { return nil }
        var options = TLSClientOptions(serverName: configuration.target.hostName)
        options.verification = configuration.tlsVerification
        do {
            return try TLSContext.client(options)
        } catch {
            throw LoadError.invalidConfiguration("TLS: \(error)")
        }
    }
}
