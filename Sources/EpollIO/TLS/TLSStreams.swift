import CEpoll
import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Every TLS connection's state in the process, indexed by socket descriptor: where
/// ``Transport/tls`` finds a connection's OpenSSL session, its loop's ``TLSWriteScratch``, and the
/// ciphertext the kernel has not taken yet.
///
/// Why a table and not a payload of the `tls` case: a payload makes `Transport` pointer-sized, and
/// every connection slot — plain TCP ones too — would grow by 8 bytes (the server's slot from 208 to
/// 216 B, pinned by `ServerConnectionLayoutTests`) and copy a reference on each call. As a one-byte
/// tag, a plain connection's `Transport` costs what it did before TLS existed.
///
/// Descriptors are unique in a process and each is owned by one event loop, so each entry is
/// touched by one thread at a time without locking: a loop attaches a stream after `accept` or
/// `socket` returned the descriptor and detaches it before `close`, after which another thread may
/// be given the same number. The entries are an anonymous mapping reserved once for the
/// descriptor limit (40 bytes each, 800 KB of address space at 20,000 descriptors); pages become
/// memory only where descriptors are used. An entry stays at its address, so the connection's BIO
/// points at it (`wsb_tls_connection`).
public final class TLSStreams: @unchecked Sendable {
    /// The process's table.
    public static let shared = TLSStreams()

    /// Descriptors below this have an entry: the hard open-file limit when the table was made
    /// (at most 2^21).
    public let capacity: Int
    /// One entry per descriptor: all zero (the mapping's zero pages) when it has no stream.
    let entries: UnsafeMutablePointer<wsb_tls_connection>

    private init() {
        capacity = Int(min(max(cepoll_nofile_hard_limit(), 1024), 1 << 21))
        let bytes = capacity * MemoryLayout<wsb_tls_connection>.stride
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            fatalError("TLSStreams: mmap of \(bytes) bytes failed")
        }
        entries = mapped.bindMemory(to: wsb_tls_connection.self, capacity: capacity)
    }

    /// Records `ssl` as `fd`'s session, writing through `scratch`, and gives it the BIO over `fd`
    /// (``TLSStream`` explains the write path). False if `fd` is beyond the table or OpenSSL could
    /// not make the BIO (close the connection; `ssl` is the caller's to free).
    func attach(_ ssl: OpaquePointer, to fd: Int32, scratch: TLSWriteScratch) -> Bool {
        guard fd >= 0 && Int(fd) < capacity else { return false }
        let entry = entries + Int(fd)
        entry.pointee = wsb_tls_connection(
            ssl: ssl, output: scratch.output, pending: nil, pending_start: 0, pending_end: 0, owed: 0, fd: fd)
        guard wsb_tls_attach_bio(ssl, entry) == 1 else {
            entry.pointee = wsb_tls_connection()
            return false
        }
        return true
    }

    /// `fd`'s stream; `fd` must have one (the connection's transport is ``Transport/tls``).
    @inline(__always)
    public func stream(_ fd: Int32) -> TLSStream {
        let entry = entries + Int(fd)
        return TLSStream(ssl: entry.pointee.ssl.unsafelyUnwrapped, connection: entry)
    }

    /// Whether `fd` has a stream.
    public func contains(_ fd: Int32) -> Bool {
        fd >= 0 && Int(fd) < capacity && entries[Int(fd)].ssl != nil
    }

    /// Forgets `fd`'s stream before the descriptor is closed: drops ciphertext still pending and
    /// returns the stream (nil if it had none) for ``TLSStream/free()``.
    public func detach(_ fd: Int32) -> TLSStream? {
        guard contains(fd) else { return nil }
        let entry = entries + Int(fd)
        let stream = TLSStream(ssl: entry.pointee.ssl.unsafelyUnwrapped, connection: entry)
        wsb_tls_drop_pending(entry)
        // The session's BIO still points here until `free()`, which sends nothing through it.
        entry.pointee = wsb_tls_connection()
        return stream
    }
}
