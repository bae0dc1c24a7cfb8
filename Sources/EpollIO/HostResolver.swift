import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// Host names to addresses through the system resolver (`getaddrinfo`: `/etc/hosts`, DNS, whatever
/// nsswitch says), for connecting over TCP. It blocks: call it before event loops start, never on one.
///
/// ```swift
/// let addresses = try HostResolver.addresses(of: "example.com", port: 443)  // IPv6 and IPv4, best first
/// ```
public enum HostResolver {
    /// The IPv4 and IPv6 TCP addresses of `host` (a name or a numeric address) with `port`, in the
    /// resolver's order (RFC 6724's preference), each once. Throws the resolver's reason otherwise.
    public static func addresses(of host: String, port: UInt16) throws(ResolutionError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0 else {
            let systemError = errno
            throw ResolutionError(host: host, code: status, systemError: status == EAI_SYSTEM ? systemError : 0)
        }
        defer { freeaddrinfo(list) }
        var result: [SocketAddress] = []
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            guard let raw = info.pointee.ai_addr else { continue }
            var storage = sockaddr_storage()
            let length = min(Int(info.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: length)) }
            if let address = SocketAddress(storage: storage), !result.contains(address) { result.append(address) }
        }
        guard !result.isEmpty else { throw ResolutionError(host: host, code: EAI_NONAME, systemError: 0) }
        return result
    }
}
