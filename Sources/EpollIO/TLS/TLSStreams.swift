import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// Every TLS connection's ``TLSStream`` in the process, indexed by socket descriptor: where
/// ``Transport/tls`` finds a connection's OpenSSL state.
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
/// descriptor limit (16 bytes each, 320 KB of address space at 20,000 descriptors); pages become
/// memory only where descriptors are used.
public final class TLSStreams: @unchecked Sendable {
    /// One descriptor's entry: both pointers nil when it has no stream (the mapping's zero pages).
    struct Entry {
        var ssl: OpaquePointer?
        var scratch: UnsafeMutableRawPointer?
    }

    /// The process's table.
    public static let shared = TLSStreams()

    /// Descriptors below this have an entry: the hard open-file limit when the table was made
    /// (at most 2^21).
    public let capacity: Int
    let entries: UnsafeMutablePointer<Entry>

    private init() {
        capacity = Int(min(max(cepoll_nofile_hard_limit(), 1024), 1 << 21))
        let bytes = capacity * MemoryLayout<Entry>.stride
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            fatalError("TLSStreams: mmap of \(bytes) bytes failed")
        }
        entries = mapped.bindMemory(to: Entry.self, capacity: capacity)
    }

    /// Records `stream` as `fd`'s. False if `fd` is beyond the table (close the connection).
    public func attach(_ stream: TLSStream, to fd: Int32) -> Bool {
        guard fd >= 0 && Int(fd) < capacity else { return false }
        entries[Int(fd)] = Entry(ssl: stream.ssl, scratch: stream.scratch)
        return true
    }

    /// `fd`'s stream; `fd` must have one (the connection's transport is ``Transport/tls``).
    public func stream(_ fd: Int32) -> TLSStream {
        let entry = entries[Int(fd)]
        return TLSStream(ssl: entry.ssl.unsafelyUnwrapped, scratchBase: entry.scratch.unsafelyUnwrapped)
    }

    /// Whether `fd` has a stream.
    public func contains(_ fd: Int32) -> Bool {
        fd >= 0 && Int(fd) < capacity && entries[Int(fd)].ssl != nil
    }

    /// Forgets `fd`'s stream and returns it (nil if it had none), before the descriptor is closed.
    public func detach(_ fd: Int32) -> TLSStream? {
        guard contains(fd) else { return nil }
        let stream = self.stream(fd)
        entries[Int(fd)] = Entry()
        return stream
    }
}
