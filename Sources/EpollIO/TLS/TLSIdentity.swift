import COpenSSL

/// What a TLS server presents: its certificate (with any intermediate certificates behind it) and
/// the private key. Loaded from PEM files (`wsbench serve --tls-cert --tls-key`) or made up on the
/// spot (`--tls-self-signed`). Immutable once made; OpenSSL's objects are reference-counted and
/// may be shared by every context and thread.
public final class TLSIdentity: @unchecked Sendable {
    /// The private key (`EVP_PKEY*`).
    let key: OpaquePointer
    /// The leaf certificate (`X509*`).
    let certificate: OpaquePointer
    /// Intermediate certificates sent after the leaf (`X509*` each).
    let chain: [OpaquePointer]
    /// The leaf certificate's SHA-256 fingerprint.
    public let fingerprint: TLSFingerprint

    private init(key: OpaquePointer, certificate: OpaquePointer, chain: [OpaquePointer]) throws(TLSError) {
        self.key = key
        self.certificate = certificate
        self.chain = chain
        guard let fingerprint = TLSFingerprint(certificate) else {
            EVP_PKEY_free(key)
            X509_free(certificate)
            for c in chain { X509_free(c) }
            throw TLSError("cannot compute the certificate's fingerprint")
        }
        self.fingerprint = fingerprint
    }

    deinit {
        EVP_PKEY_free(key)
        X509_free(certificate)
        for c in chain { X509_free(c) }
    }

    /// Loads the certificate chain (leaf first, as servers send it) from `certificateFile` and its
    /// unencrypted private key from `keyFile`, both PEM. Throws if either does not load or the key
    /// does not belong to the certificate.
    public static func load(certificateFile: String, keyFile: String) throws(TLSError) -> TLSIdentity {
        guard let certificates = BIO_new_file(certificateFile, "r") else {
            throw TLSError.takingQueue("cannot open the certificate file \(certificateFile)")
        }
        defer { BIO_free(certificates) }
        guard let leaf = PEM_read_bio_X509(certificates, nil, nil, nil) else {
            throw TLSError.takingQueue("no PEM certificate in \(certificateFile)")
        }
        var chain: [OpaquePointer] = []
        while let next = PEM_read_bio_X509(certificates, nil, nil, nil) { chain.append(next) }
        ERR_clear_error()  // the end of the file reads as "no start line"
        guard let keys = BIO_new_file(keyFile, "r") else {
            X509_free(leaf)
            for c in chain { X509_free(c) }
            throw TLSError.takingQueue("cannot open the key file \(keyFile)")
        }
        defer { BIO_free(keys) }
        // No passphrase prompt: an encrypted key fails to load.
        guard let key = PEM_read_bio_PrivateKey(keys, nil, { _, _, _, _ in 0 }, nil) else {
            X509_free(leaf)
            for c in chain { X509_free(c) }
            throw TLSError.takingQueue("no unencrypted PEM private key in \(keyFile)")
        }
        guard X509_check_private_key(leaf, key) == 1 else {
            EVP_PKEY_free(key)
            X509_free(leaf)
            for c in chain { X509_free(c) }
            throw TLSError.takingQueue("the key in \(keyFile) does not belong to the certificate in \(certificateFile)")
        }
        return try TLSIdentity(key: key, certificate: leaf, chain: chain)
    }

    /// A fresh EC P-256 key and a self-signed certificate for it, in memory only: CN `commonName`,
    /// subjectAltName `alternativeNames` (OpenSSL syntax), valid from an hour ago for `days` days.
    /// Clients must skip verification, pin its ``fingerprint``, or trust ``certificatePEM``.
    public static func selfSigned(
        commonName: String = "localhost", alternativeNames: String = "DNS:localhost,IP:127.0.0.1", days: Int = 30
    ) throws(TLSError) -> TLSIdentity {
        guard let key = wsb_generate_p256_key() else { throw TLSError.takingQueue("cannot generate an EC P-256 key") }
        guard let certificate = wsb_make_self_signed_certificate(key, commonName, alternativeNames, Int32(days)) else {
            EVP_PKEY_free(key)
            throw TLSError.takingQueue("cannot make a self-signed certificate")
        }
        return try TLSIdentity(key: key, certificate: certificate, chain: [])
    }

    /// The leaf certificate in PEM (for a client's `--ca` file when it is self-signed).
    public var certificatePEM: String {
        guard let bio = wsb_certificate_pem(certificate) else {
            _ = TLSError.takeQueuedReasons()
            return ""
        }
        defer { BIO_free(bio) }
        var data: UnsafePointer<CChar>? = nil
        let length = wsb_bio_contents(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
