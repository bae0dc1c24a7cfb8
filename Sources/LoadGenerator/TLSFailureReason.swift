/// Puts OpenSSL's reason for a failed client handshake (its error queue and the certificate verify
/// result, as ``EpollIO/TLSStream`` reports them) into words for the `tls_failed` note: expired,
/// wrong host, unknown CA, protocol version, not TLS at all, or the alert the server sent. OpenSSL's
/// own text follows in parentheses.
enum TLSFailureReason {
    /// The server closed the connection before the TLS handshake completed.
    static let endOfStream =
        "the server closed the connection during the TLS handshake (is it a TLS server? does it accept TLS 1.2/1.3 and ALPN http/1.1?)"

    /// `reason` (OpenSSL's text) in words.
    static func describe(_ reason: String) -> String {
        let text = reason.lowercased()
        let words: String
        if text.contains("certificate has expired") {
            words = "the server's certificate has expired"
        } else if text.contains("certificate is not yet valid") {
            words = "the server's certificate is not yet valid"
        } else if text.contains("hostname mismatch") || text.contains("ip address mismatch") {
            words = "wrong host: the server's certificate does not name the URL's host"
        } else if text.contains("unable to get local issuer certificate") || text.contains("self-signed certificate")
            || text.contains("self signed certificate") || text.contains("unable to verify the first certificate")
            || text.contains("unable to get issuer certificate")
        {
            words = "unknown CA: the server's certificate is not signed by a trusted CA (use --ca FILE, or --insecure)"
        } else if text.contains("wrong version number") || text.contains("packet length too long")
            || text.contains("record layer failure") || text.contains("http request")
        {
            words = "the server does not speak TLS (a plaintext server on a wss:// URL?)"
        } else if text.contains("protocol version") || text.contains("unsupported protocol")
            || text.contains("no protocols available")
        {
            words = "protocol version: no TLS version in common (wsbench speaks TLS 1.2 and 1.3)"
        } else if text.contains("no application protocol") {
            words = "the server refused ALPN http/1.1"
        } else if text.contains("alert") {
            words = "the server sent a TLS alert"
        } else if text.contains("certificate verify failed") {
            words = "the server's certificate did not verify"
        } else {
            words = "the handshake failed"
        }
        return "\(words) (\(reason))"
    }
}
