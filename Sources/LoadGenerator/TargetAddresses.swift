import EpollIO
import Glibc

/// The addresses a run's connections go to, found once before its threads start: the configured
/// ``LoadConfiguration/addresses``, the URL's address literal, or its host name resolved with
/// `getaddrinfo`. Connection *n* goes to `addresses[n % count]`, so connections spread over every
/// address a name has. Of a name's addresses, those this machine has no route to (an IPv6 address
/// without IPv6 connectivity) are left out, unless that would leave none; with source addresses,
/// only those of their family are kept.
struct TargetAddresses: Sendable {
    /// Where connections go (empty when the name did not resolve).
    var addresses: [SocketAddress] = []
    /// Why the name did not resolve (the run then counts every connection as `dns_failed`).
    var failure: ResolutionError? = nil
    /// What the user should know: the failure, addresses left out.
    var notes: [String] = []

    /// Finds the addresses for `configuration`; throws when none fits its source addresses.
    static func find(for configuration: LoadConfiguration) throws(LoadError) -> TargetAddresses {
        var found = TargetAddresses()
        let target = configuration.target
        if !configuration.addresses.isEmpty {
            found.addresses = configuration.addresses
        } else if let literal = target.literalAddress {
            found.addresses = [literal]
        } else {
            do {
                found.addresses = try HostResolver.addresses(of: target.hostName, port: UInt16(target.port))
            } catch {
                found.failure = error
                found.notes.append("the host name \(target.hostName) did not resolve: \(error.reason) (dns_failed)")
                return found
            }
            found.leaveOutUnroutable()
        }
        if let family = configuration.sources.first?.family {
            let all = found.addresses
            found.addresses = all.filter { $0.family == family }
            if found.addresses.isEmpty {
                throw LoadError.invalidConfiguration(
                    "the source addresses are \(family == AF_INET6 ? "IPv6" : "IPv4") but \(target.host) has only \(all.map(\.host).joined(separator: ", "))"
                )
            }
        }
        return found
    }

    /// Drops the addresses this machine has no route to, if others remain, saying which and why.
    mutating func leaveOutUnroutable() {
        var kept: [SocketAddress] = []
        var dropped: [String] = []
        for address in addresses {
            if let problem = Socket.routeProblem(to: address) {
                dropped.append("\(address.host) (\(problem))")
            } else {
                kept.append(address)
            }
        }
        guard !kept.isEmpty, !dropped.isEmpty else { return }
        addresses = kept
        notes.append("left out addresses this machine has no route to: " + dropped.joined(separator: ", "))
    }
}
