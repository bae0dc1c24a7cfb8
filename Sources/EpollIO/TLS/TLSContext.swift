import COpenSSL

/// An OpenSSL `SSL_CTX` configured for one side of wsbench's connections, and the factory of their
/// ``TLSStream``s. Made once per server or load run and shared by every loop (OpenSSL allows
/// `SSL_new` from any thread once a context is configured).
///
/// Both sides: TLS 1.2 and 1.3 only, renegotiation refused (`SSL_OP_NO_RENEGOTIATION`), partial and
/// moving-buffer writes (`SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER`:
/// the loops retry a write from their outbound buffer), and a TCP close without close_notify read
/// as an end of stream (`SSL_OP_IGNORE_UNEXPECTED_EOF`).
///
/// - Server (``server(identity:applicationProtocols:)``): the identity's certificate for every
///   name a client asks for (SNI is not used to choose), ALPN chosen from a list in the server's
///   order (only `http/1.1` for now; `h2` is added with HTTP/2).
/// - Client (``client(_:)``): SNI, certificate verification on by default, ALPN offer, and
///   session resumption across connections (see ``TLSClientOptions``).
///
/// Keep the context alive while any of its streams exists (it owns the ALPN list and the session
/// slot OpenSSL's callbacks use).
public final class TLSContext: @unchecked Sendable {
    /// Which side of the connection a context makes streams for.
    public enum Role: Sendable {
        case server
        case client
    }

    /// The side this context serves.
    public let role: Role
    /// The `SSL_CTX*`.
    let context: OpaquePointer
    /// Server: the ALPN list the selection callback reads (2-byte length, then wire format).
    private let serverProtocols: UnsafeMutableRawPointer?
    /// Client: the newest resumable session, shared by every connection.
    private let sessionSlot: UnsafeMutablePointer<wsb_session_slot>?
    /// Client: the server's name (SNI, certificate check).
    public let serverName: String?
    /// Client: whether the certificate is checked (and so the name set on each connection).
    private let verifiesPeer: Bool

    private init(
        role: Role, context: OpaquePointer, serverProtocols: UnsafeMutableRawPointer?,
        sessionSlot: UnsafeMutablePointer<wsb_session_slot>?, serverName: String?, verifiesPeer: Bool
    ) {
        self.role = role
        self.context = context
        self.serverProtocols = serverProtocols
        self.sessionSlot = sessionSlot
        self.serverName = serverName
        self.verifiesPeer = verifiesPeer
    }

    deinit {
        // Sessions made from this context hold their own reference to the SSL_CTX, so it can outlive
        // this object; its new-session callback must then no longer reach the slot freed below
        // (a ticket read after the owner let go locked a freed mutex: a crash seen once in CI).
        if sessionSlot != nil { wsb_ssl_ctx_disable_client_resumption(context) }
        SSL_CTX_free(context)
        serverProtocols?.deallocate()
        if let sessionSlot {
            wsb_session_slot_destroy(sessionSlot)
            sessionSlot.deallocate()
        }
    }

    // MARK: Making contexts

    /// A server context presenting `identity`, choosing the first of `applicationProtocols` a
    /// client offers by ALPN (a client offering none of them gets a no_application_protocol alert;
    /// one that uses no ALPN is served anyway).
    public static func server(
        identity: TLSIdentity, applicationProtocols: [String] = TLSApplicationProtocols.http11
    ) throws(TLSError) -> TLSContext {
        let wire = try TLSApplicationProtocols.wireFormat(applicationProtocols)
        let context = try makeContext(TLS_server_method(), "server")
        guard SSL_CTX_use_certificate(context, identity.certificate) == 1,
            identity.chain.allSatisfy({ wsb_ssl_ctx_add_chain_certificate(context, $0) == 1 }),
            SSL_CTX_use_PrivateKey(context, identity.key) == 1, SSL_CTX_check_private_key(context) == 1
        else {
            SSL_CTX_free(context)
            throw TLSError.takingQueue("cannot use the certificate and key")
        }
        let list = UnsafeMutableRawPointer.allocate(byteCount: 2 + wire.count, alignment: 1)
        list.storeBytes(of: UInt8(wire.count >> 8), as: UInt8.self)
        list.storeBytes(of: UInt8(wire.count & 0xff), toByteOffset: 1, as: UInt8.self)
        wire.withUnsafeBytes { (list + 2).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        wsb_ssl_ctx_set_alpn_server(context, list.assumingMemoryBound(to: UInt8.self))
        return TLSContext(
            role: .server, context: context, serverProtocols: list, sessionSlot: nil, serverName: nil, verifiesPeer: false)
    }

    /// A client context for `options.serverName`.
    public static func client(_ options: TLSClientOptions) throws(TLSError) -> TLSContext {
        guard !options.serverName.isEmpty else { throw TLSError("TLS client: no server name") }
        let protocols = options.applicationProtocols
        let wire = try protocols.isEmpty ? [] : TLSApplicationProtocols.wireFormat(protocols)
        let context = try makeContext(TLS_client_method(), "client")
        var verifies = true
        switch options.verification {
        case .systemTrustStore:
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                SSL_CTX_free(context)
                throw TLSError.takingQueue("cannot load the system CA store")
            }
        case .certificateAuthorities(let file):
            guard SSL_CTX_load_verify_locations(context, file, nil) == 1 else {
                SSL_CTX_free(context)
                throw TLSError.takingQueue("cannot load CA certificates from \(file)")
            }
        case .none:
            verifies = false
        }
        SSL_CTX_set_verify(context, verifies ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
        // SSL_CTX_set_alpn_protos returns 0 on success.
        let offered =
            wire.isEmpty || wire.withUnsafeBufferPointer { SSL_CTX_set_alpn_protos(context, $0.baseAddress, UInt32($0.count)) } == 0
        guard offered else {
            SSL_CTX_free(context)
            throw TLSError.takingQueue("cannot set the ALPN offer")
        }
        var slot: UnsafeMutablePointer<wsb_session_slot>? = nil
        if options.resumesSessions {
            let made = UnsafeMutablePointer<wsb_session_slot>.allocate(capacity: 1)
            wsb_ssl_ctx_enable_client_resumption(context, made)
            slot = made
        }
        return TLSContext(
            role: .client, context: context, serverProtocols: nil, sessionSlot: slot, serverName: options.serverName,
            verifiesPeer: verifies)
    }

    /// A context of `method` with the settings both sides share. (Its sessions reach the socket
    /// through wsbench's BIO, which sends with MSG_NOSIGNAL: a peer that has gone raises no SIGPIPE.)
    private static func makeContext(_ method: OpaquePointer?, _ side: String) throws(TLSError) -> OpaquePointer {
        guard let context = SSL_CTX_new(method) else { throw TLSError.takingQueue("SSL_CTX_new (\(side))") }
        SSL_CTX_set_options(context, wsb_ssl_options)
        // No SSL_MODE_RELEASE_BUFFERS: +7 % instructions and 2 mallocs per 100 x 20 B echo; the server releases once, after the 101 (results/tls.md).
        _ = wsb_ssl_ctx_add_mode(context, wsb_ssl_mode_partial_moving_writes)
        // Read-ahead: OpenSSL takes what the socket holds in one recv and decrypts records from its
        // buffer, instead of one recv for each record's 5-byte header and another for its body: 2.04
        // instead of 4.16 system calls per echoed message at 100 × 20 B (results/tls.md). Both loops
        // read on while `hasBufferedInput`, since epoll cannot see bytes OpenSSL already took.
        wsb_ssl_ctx_set_read_ahead(context, 1)
        guard wsb_ssl_ctx_set_protocol_range(context, TLS1_2_VERSION, TLS1_3_VERSION) == 1 else {
            SSL_CTX_free(context)
            throw TLSError.takingQueue("cannot limit the \(side) to TLS 1.2 and 1.3")
        }
        return context
    }

    // MARK: Streams

    /// Starts a TLS session on the connected socket `fd` and records it in ``TLSStreams`` (so
    /// `fd`'s transport can be ``Transport/tls``): a server waits for the ClientHello, a client
    /// sends SNI, expects the server's name in its certificate and offers a saved session. The
    /// handshake itself runs in steps (``TLSStream/handshake(_:)``) as the socket allows. Returns
    /// nil if OpenSSL cannot make the session or `fd` is beyond the table (`fd` stays open).
    @discardableResult
    public func attachStream(to fd: Int32, scratch: TLSWriteScratch) -> TLSStream? {
        guard let ssl = SSL_new(context) else {
            ERR_clear_error()
            return nil
        }
        guard TLSStreams.shared.attach(ssl, to: fd, scratch: scratch) else {
            SSL_free(ssl)
            ERR_clear_error()
            return nil
        }
        var ready = true
        switch role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            if let serverName {
                if wsb_is_ip_literal(serverName) == 0 { ready = ready && wsb_ssl_set_server_name(ssl, serverName) == 1 }
                if verifiesPeer { ready = ready && wsb_ssl_set_expected_host(ssl, serverName) == 1 }
            }
            if let sessionSlot { _ = wsb_ssl_offer_saved_session(ssl, sessionSlot) }
        }
        guard ready else {
            TLSStreams.shared.detach(fd)?.free()
            ERR_clear_error()
            return nil
        }
        return TLSStreams.shared.stream(fd)
    }

    /// Client: whether a session is saved for the next connection to resume.
    public var hasSavedSession: Bool {
        guard let sessionSlot else { return false }
        return wsb_session_slot_has_session(sessionSlot) == 1
    }
}
