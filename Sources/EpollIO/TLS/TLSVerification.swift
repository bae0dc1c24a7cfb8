/// How a client checks the server's certificate (`wsbench load --ca FILE`, `--insecure`).
public enum TLSVerification: Sendable, Equatable {
    /// Against the system's CA store (`SSL_CTX_set_default_verify_paths`: /etc/ssl/certs), and the
    /// certificate must name the host. The default.
    case systemTrustStore
    /// Against the CA certificates (PEM) in this file only — a self-signed server certificate can be
    /// its own CA — and the certificate must name the host.
    case certificateAuthorities(file: String)
    /// Not at all (`--insecure`): any certificate is accepted. For benchmarks against throw-away
    /// certificates; the connection is still encrypted.
    case none
}
