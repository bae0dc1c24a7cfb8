#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

// OpenSSL 3 (Debian libssl-dev) for wsbench's TLS transport, and wrappers for what Swift cannot call
// directly: the macros over SSL_CTX_ctrl/SSL_ctrl (protocol range, mode, session cache, SNI), the
// ALPN selection and client session callbacks (C function pointers), the error queue as text, and
// the ephemeral self-signed certificate of `wsbench serve --tls-self-signed`. Everything is
// `static inline` because a system-library target has no C files of its own.

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

// MARK: Macros as functions

/// `SSL_CTX_set_min_proto_version` and `SSL_CTX_set_max_proto_version` (e.g. `TLS1_2_VERSION`,
/// `TLS1_3_VERSION`); 1 on success.
static inline int wsb_ssl_ctx_set_protocol_range(SSL_CTX *ctx, int minimum, int maximum) {
    return SSL_CTX_set_min_proto_version(ctx, minimum) == 1 && SSL_CTX_set_max_proto_version(ctx, maximum) == 1;
}

/// `SSL_CTX_set_mode`: adds `mode` bits (`SSL_MODE_*`); returns the new mode.
static inline long wsb_ssl_ctx_add_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }

/// The `SSL_MODE_*` bits every wsbench connection uses: a write may return after one record
/// (`ENABLE_PARTIAL_WRITE`) and may be retried from another address holding the same bytes
/// (`ACCEPT_MOVING_WRITE_BUFFER`: the retry comes from the connection's outbound buffer).
static const long wsb_ssl_mode_partial_moving_writes =
    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;

/// The `SSL_OP_*` bits every wsbench context sets: renegotiation refused, and a peer that closes
/// TCP without close_notify reads as an end of stream (WebSocket has its own close handshake).
static const uint64_t wsb_ssl_options = SSL_OP_NO_RENEGOTIATION | SSL_OP_IGNORE_UNEXPECTED_EOF;

/// `SSL_CTX_add1_chain_cert`: sends `cert` after the leaf (an intermediate); 1 on success.
static inline int wsb_ssl_ctx_add_chain_certificate(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add1_chain_cert(ctx, cert);
}

/// `SSL_OP_IGNORE_UNEXPECTED_EOF` alone (a macro of a macro): tests clear it on one connection to
/// tell a close_notify from a bare TCP close.
static const uint64_t wsb_ssl_option_ignore_unexpected_eof = SSL_OP_IGNORE_UNEXPECTED_EOF;

/// `SSL_set_tlsext_host_name` (SNI); 1 on success.
static inline int wsb_ssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// `SSL_want_write`: the last operation on `ssl` stopped because the socket was not writable.
static inline int wsb_ssl_want_write(const SSL *ssl) { return SSL_want_write(ssl); }

// SSL_CTX_set_read_ahead is a macro over the ctrl call.
static inline void wsb_ssl_ctx_set_read_ahead(SSL_CTX *ctx, int yes) { SSL_CTX_set_read_ahead(ctx, yes); }

/// Whether `host` is an IPv4 or IPv6 literal (no SNI then, and the certificate must name the address).
static inline int wsb_is_ip_literal(const char *host) {
    unsigned char address[16];
    return inet_pton(AF_INET, host, address) == 1 || inet_pton(AF_INET6, host, address) == 1;
}

/// Makes certificate verification of `ssl` check that the peer's certificate names `host`: an IP
/// address literal against its IP SANs, anything else as a DNS name. 1 on success.
static inline int wsb_ssl_set_expected_host(SSL *ssl, const char *host) {
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    if (wsb_is_ip_literal(host)) return X509_VERIFY_PARAM_set1_ip_asc(param, host);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, host, 0);
}

/// The bytes read through `ssl`'s socket so far (0 until the peer's first byte has been consumed).
static inline uint64_t wsb_ssl_bytes_read(SSL *ssl) {
    BIO *bio = SSL_get_rbio(ssl);
    return bio == NULL ? 0 : BIO_number_read(bio);
}

// MARK: The write path: a loop's records gathered, one send per batch

/// One event loop's buffer for the ciphertext of a gathered write (``TLSWriteScratch`` owns it):
/// while `gathering`, every record OpenSSL writes for a connection of the loop is appended here, and
/// the loop's write sends them together with one `send`. Also the record-sized buffer in which
/// small plaintext pieces are joined before `SSL_write` (`join`).
typedef struct wsb_tls_output {
    unsigned char *bytes;
    size_t capacity;
    size_t length;
    unsigned char *join;
    int gathering;
} wsb_tls_output;

/// A TLS connection's entry in the descriptor-indexed table (``TLSStreams``), and the data of its
/// BIO. `pending` holds ciphertext the kernel did not take (malloc'd, NULL when none) from
/// `pending_start` to `pending_end`; `owed` counts the plaintext bytes `SSL_write` took for it that
/// the writer has not been told about yet (it offers them again, OpenSSL's retry rule).
typedef struct wsb_tls_connection {
    SSL *ssl;
    wsb_tls_output *output;
    unsigned char *pending;
    uint32_t pending_start;
    uint32_t pending_end;
    uint32_t owed;
    int32_t fd;
} wsb_tls_connection;

/// The most bytes one record of at most 2^14 plaintext bytes becomes on the wire (any cipher).
static const size_t wsb_tls_max_record_bytes =
    SSL3_RT_HEADER_LENGTH + SSL3_RT_MAX_PLAIN_LENGTH + SSL3_RT_MAX_ENCRYPTED_OVERHEAD;

/// `send` with MSG_NOSIGNAL, retried after EINTR: the bytes taken, or -1 with errno.
static inline ssize_t wsb_tls_send(int fd, const void *bytes, size_t count) {
    ssize_t n;
    do { n = send(fd, bytes, count, MSG_NOSIGNAL); } while (n < 0 && errno == EINTR);
    return n;
}

/// Sends what `c` has pending: 1 when nothing is left (the storage is freed), 0 when the socket
/// took only part or nothing (EAGAIN), -1 on an error (errno).
static inline int wsb_tls_send_pending(wsb_tls_connection *c) {
    if (c->pending == NULL) return 1;
    size_t count = c->pending_end - c->pending_start;
    ssize_t n = wsb_tls_send(c->fd, c->pending + c->pending_start, count);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    c->pending_start += (uint32_t)n;
    if ((size_t)n < count) return 0;
    free(c->pending);
    c->pending = NULL;
    c->pending_start = 0;
    c->pending_end = 0;
    return 1;
}

/// Keeps `count` bytes of ciphertext the kernel did not take (`c` holds none yet); 0 if out of memory.
static inline int wsb_tls_keep_pending(wsb_tls_connection *c, const unsigned char *bytes, size_t count) {
    c->pending = (unsigned char *)malloc(count);
    if (c->pending == NULL) return 0;
    memcpy(c->pending, bytes, count);
    c->pending_start = 0;
    c->pending_end = (uint32_t)count;
    return 1;
}

/// Frees what `c` still has pending (the connection is closing).
static inline void wsb_tls_drop_pending(wsb_tls_connection *c) {
    free(c->pending);
    c->pending = NULL;
    c->pending_start = 0;
    c->pending_end = 0;
    c->owed = 0;
}

/// The BIO's write: into the loop's gather buffer during a gathered write (a retry when it has no
/// room: the writer sends it and calls again), straight to the socket otherwise (handshake flights,
/// alerts, close_notify, answers written during a read) — behind any pending ciphertext, which
/// must reach the kernel first.
static inline int wsb_tls_bio_write(BIO *bio, const char *data, int length) {
    wsb_tls_connection *c = (wsb_tls_connection *)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    if (length <= 0) return 0;
    wsb_tls_output *out = c->output;
    if (out->gathering) {
        if (out->capacity - out->length < (size_t)length) {
            BIO_set_retry_write(bio);
            return -1;
        }
        memcpy(out->bytes + out->length, data, (size_t)length);
        out->length += (size_t)length;
        return length;
    }
    int sent = wsb_tls_send_pending(c);
    if (sent < 0) return -1;
    if (sent == 0) {
        BIO_set_retry_write(bio);
        return -1;
    }
    ssize_t n = wsb_tls_send(c->fd, data, (size_t)length);
    if (n >= 0) return (int)n;
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(bio);
    return -1;
}

/// The BIO's read: `recv` on the socket (0 is the end of the stream, remembered for
/// `BIO_eof` as the socket BIO does; EAGAIN a retry).
static inline int wsb_tls_bio_read(BIO *bio, char *buffer, int length) {
    wsb_tls_connection *c = (wsb_tls_connection *)BIO_get_data(bio);
    BIO_clear_retry_flags(bio);
    if (length <= 0) return 0;
    ssize_t n;
    do { n = recv(c->fd, buffer, (size_t)length, 0); } while (n < 0 && errno == EINTR);
    if (n == 0) BIO_set_flags(bio, BIO_FLAGS_IN_EOF);
    if (n >= 0) return (int)n;
    if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_read(bio);
    return -1;
}

/// The BIO's controls: a flush succeeds (the handshake flushes its flight; our sends are
/// immediate), `BIO_eof` tells whether a read met the end of the stream, `BIO_get_fd` (so
/// `SSL_get_fd`) gives the socket; everything else is unsupported.
static inline long wsb_tls_bio_ctrl(BIO *bio, int command, long number, void *pointer) {
    (void)number;
    switch (command) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_CTRL_EOF:  // a TCP end without close_notify: OpenSSL's unexpected-EOF check asks this
        return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
    case BIO_C_GET_FD: {
        wsb_tls_connection *c = (wsb_tls_connection *)BIO_get_data(bio);
        if (pointer != NULL) *(int *)pointer = c->fd;
        return c->fd;
    }
    default:
        return 0;
    }
}

static inline int wsb_tls_bio_create(BIO *bio) {
    BIO_set_init(bio, 1);
    return 1;
}

static pthread_once_t wsb_tls_bio_method_once = PTHREAD_ONCE_INIT;
static BIO_METHOD *wsb_tls_bio_method_shared = NULL;

static inline void wsb_tls_make_bio_method(void) {
    BIO_METHOD *method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "wsbench socket");
    if (method == NULL) return;
    BIO_meth_set_write(method, wsb_tls_bio_write);
    BIO_meth_set_read(method, wsb_tls_bio_read);
    BIO_meth_set_ctrl(method, wsb_tls_bio_ctrl);
    BIO_meth_set_create(method, wsb_tls_bio_create);
    wsb_tls_bio_method_shared = method;
}

/// Gives `ssl` a BIO over `c->fd` whose data is `c` (reads `recv`, writes gather or `send`, see
/// ``wsb_tls_bio_write``); `c` must stay at its address while `ssl` lives. 1 on success.
static inline int wsb_tls_attach_bio(SSL *ssl, wsb_tls_connection *c) {
    pthread_once(&wsb_tls_bio_method_once, wsb_tls_make_bio_method);
    if (wsb_tls_bio_method_shared == NULL) return 0;
    BIO *bio = BIO_new(wsb_tls_bio_method_shared);
    if (bio == NULL) return 0;
    BIO_set_data(bio, c);
    SSL_set_bio(ssl, bio, bio);  // one reference, for both directions
    return 1;
}

// MARK: Errors

/// Takes every error queued in this thread (ERR_get_error) and writes them to `buffer` as one line,
/// "; "-separated and NUL-terminated; the queue is empty afterwards. Returns the text's length.
static inline size_t wsb_take_error_string(char *buffer, size_t size) {
    if (size == 0) return 0;
    size_t used = 0;
    buffer[0] = 0;
    unsigned long error;
    while ((error = ERR_get_error()) != 0) {
        if (used + 3 >= size) continue;  // keep draining the queue
        if (used > 0) {
            memcpy(buffer + used, "; ", 2);
            used += 2;
        }
        ERR_error_string_n(error, buffer + used, size - used);
        used += strlen(buffer + used);
    }
    return used;
}

// MARK: ALPN (server)

/// The server's ALPN choice: the first protocol of the server's list (`arg`, wire format: length-
/// prefixed names) that the client offered; no overlap is a fatal no_application_protocol alert
/// (RFC 7301 §3.2). A client that offers no ALPN never gets here.
static inline int wsb_alpn_select(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                                  const unsigned char *in, unsigned int inlen, void *arg) {
    (void)ssl;
    const unsigned char *server = (const unsigned char *)arg;
    // The list is stored as: 2-byte big-endian length, then the wire-format protocols.
    unsigned int server_length = ((unsigned int)server[0] << 8) | server[1];
    unsigned char *selected = NULL;
    unsigned char selected_length = 0;
    if (SSL_select_next_proto(&selected, &selected_length, server + 2, server_length, in, inlen) !=
        OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    *out = selected;
    *outlen = selected_length;
    return SSL_TLSEXT_ERR_OK;
}

/// Installs ``wsb_alpn_select`` with `list` (2-byte big-endian length, then the wire-format
/// protocols in preference order), which must outlive `ctx`.
static inline void wsb_ssl_ctx_set_alpn_server(SSL_CTX *ctx, const unsigned char *list) {
    SSL_CTX_set_alpn_select_cb(ctx, wsb_alpn_select, (void *)list);
}

// MARK: Client session resumption

/// The most recent resumable session a client context received (a TLS 1.3 ticket, or a TLS 1.2
/// session), shared by every connection of the context and so by several threads: behind a mutex.
typedef struct wsb_session_slot {
    pthread_mutex_t lock;
    SSL_SESSION *session;
} wsb_session_slot;

/// `new_session_cb` of a client context whose app data is a ``wsb_session_slot``: keeps the newest
/// resumable session (taking the reference OpenSSL hands over).
static inline int wsb_client_new_session(SSL *ssl, SSL_SESSION *session) {
    wsb_session_slot *slot = (wsb_session_slot *)SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    if (slot == NULL || !SSL_SESSION_is_resumable(session)) return 0;
    pthread_mutex_lock(&slot->lock);
    SSL_SESSION *old = slot->session;
    slot->session = session;
    pthread_mutex_unlock(&slot->lock);
    if (old != NULL) SSL_SESSION_free(old);
    return 1;
}

/// Makes `ctx` keep its newest session in `slot` (initialised here; free with
/// ``wsb_session_slot_destroy`` after the context): client cache mode without OpenSSL's internal store.
static inline void wsb_ssl_ctx_enable_client_resumption(SSL_CTX *ctx, wsb_session_slot *slot) {
    pthread_mutex_init(&slot->lock, NULL);
    slot->session = NULL;
    SSL_CTX_set_app_data(ctx, slot);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, wsb_client_new_session);
}

/// Detaches a context from its slot before the slot is freed: sessions that outlive the context
/// object keep the SSL_CTX alive, and a ticket they read later must find no slot (the callback
/// then keeps nothing).
static inline void wsb_ssl_ctx_disable_client_resumption(SSL_CTX *ctx) {
    SSL_CTX_sess_set_new_cb(ctx, NULL);
    SSL_CTX_set_app_data(ctx, NULL);
}

/// Offers the slot's session (if any) for resumption on `ssl`; 1 if one was offered.
static inline int wsb_ssl_offer_saved_session(SSL *ssl, wsb_session_slot *slot) {
    pthread_mutex_lock(&slot->lock);
    SSL_SESSION *session = slot->session;
    if (session != NULL) SSL_SESSION_up_ref(session);
    pthread_mutex_unlock(&slot->lock);
    if (session == NULL) return 0;
    int offered = SSL_set_session(ssl, session);
    SSL_SESSION_free(session);
    return offered;
}

/// Whether the slot holds a session (1) or not (0).
static inline int wsb_session_slot_has_session(wsb_session_slot *slot) {
    pthread_mutex_lock(&slot->lock);
    int has = slot->session != NULL;
    pthread_mutex_unlock(&slot->lock);
    return has;
}

/// Frees the slot's session and mutex.
static inline void wsb_session_slot_destroy(wsb_session_slot *slot) {
    if (slot->session != NULL) SSL_SESSION_free(slot->session);
    slot->session = NULL;
    pthread_mutex_destroy(&slot->lock);
}

// MARK: Certificates

/// A new EC P-256 key (`EVP_EC_gen`, a macro), or NULL.
static inline EVP_PKEY *wsb_generate_p256_key(void) { return EVP_EC_gen("P-256"); }

/// Adds one X.509v3 extension given in `openssl.cnf` syntax; 1 on success.
static inline int wsb_x509_add_extension(X509 *cert, int nid, const char *value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (extension == NULL) return 0;
    int added = X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    return added;
}

/// A self-signed certificate for `key`: subject and issuer CN=`common_name`, the given
/// subjectAltName (e.g. "DNS:localhost,IP:127.0.0.1"), a random serial, valid from an hour ago for
/// `days` days, for TLS servers (CA:FALSE, digitalSignature, serverAuth), signed with SHA-256.
/// NULL on failure (the reason is in the error queue).
static inline X509 *wsb_make_self_signed_certificate(EVP_PKEY *key, const char *common_name,
                                                     const char *subject_alt_name, int days) {
    X509 *cert = X509_new();
    if (cert == NULL) return NULL;
    unsigned char serial_bytes[16];
    BIGNUM *serial = NULL;
    int ok = X509_set_version(cert, 2 /* v3 */) == 1 && RAND_bytes(serial_bytes, sizeof serial_bytes) == 1;
    if (ok) {
        serial_bytes[0] &= 0x7f;  // positive
        serial = BN_bin2bn(serial_bytes, sizeof serial_bytes, NULL);
        ok = serial != NULL && BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) != NULL;
    }
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != NULL &&
         X509_gmtime_adj(X509_getm_notAfter(cert), (long)days * 24 * 3600) != NULL;
    X509_NAME *name = X509_get_subject_name(cert);
    ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)common_name, -1, -1, 0) == 1 &&
         X509_set_issuer_name(cert, name) == 1 && X509_set_pubkey(cert, key) == 1;
    ok = ok && wsb_x509_add_extension(cert, NID_basic_constraints, "critical,CA:FALSE") &&
         wsb_x509_add_extension(cert, NID_key_usage, "critical,digitalSignature") &&
         wsb_x509_add_extension(cert, NID_ext_key_usage, "serverAuth") &&
         wsb_x509_add_extension(cert, NID_subject_key_identifier, "hash") &&
         wsb_x509_add_extension(cert, NID_subject_alt_name, subject_alt_name);
    ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
    BN_free(serial);
    if (!ok) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

/// The SHA-256 digest of `cert`'s DER encoding into `out` (32 bytes); 1 on success.
static inline int wsb_x509_sha256(const X509 *cert, unsigned char out[32]) {
    unsigned int length = 32;
    return X509_digest(cert, EVP_sha256(), out, &length) == 1 && length == 32;
}

/// `cert` as PEM text in a new memory BIO (read it with ``wsb_bio_contents``; free with `BIO_free`).
static inline BIO *wsb_certificate_pem(X509 *cert) {
    BIO *bio = BIO_new(BIO_s_mem());
    if (bio != NULL && PEM_write_bio_X509(bio, cert) != 1) {
        BIO_free(bio);
        return NULL;
    }
    return bio;
}

/// The bytes a memory BIO holds (`BIO_get_mem_data`, a macro); sets `*data`.
static inline long wsb_bio_contents(BIO *bio, const char **data) {
    char *pointer = NULL;
    long length = BIO_get_mem_data(bio, &pointer);
    *data = pointer;
    return length;
}

#endif
