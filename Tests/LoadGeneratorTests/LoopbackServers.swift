import EchoServer
import EpollIO
import Glibc
import LoadGenerator

/// Echo servers on chosen loopback hosts, for tests of targets with several addresses: started on
/// one port where they can share it, stopped with their counters.
enum LoopbackServers {
    /// Whether `[::1]` can be listened on here (an IPv6 loopback).
    static let hasIPv6Loopback: Bool = {
        guard let fd = try? Socket.makeListener(address: SocketAddress(host: "::1", port: 0)!) else { return false }
        Socket.close(fd)
        return true
    }()

    /// localhost's addresses here (from `/etc/hosts`), port 0.
    static let localhost: [SocketAddress] = (try? HostResolver.addresses(of: "localhost", port: 0)) ?? []

    /// Whether localhost resolves to an IPv4 and an IPv6 address.
    static var localhostIsDualStack: Bool {
        localhost.contains { $0.family == AF_INET } && localhost.contains { $0.family == AF_INET6 }
    }

    /// A one-loop echo server on `host` and `port` (0: a free one).
    static func start(host: String, port: Int = 0) throws -> EchoServer {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.threads = 1
        return try EchoServer.start(configuration)
    }

    /// Servers on every one of `hosts`, all on the same port (a few tries when the port the first
    /// got is taken on another host).
    static func startOnOnePort(hosts: [String]) throws -> [EchoServer] {
        var attempt = 0
        while true {
            let first = try start(host: hosts[0])
            var servers = [first]
            do {
                for host in hosts.dropFirst() { servers.append(try start(host: host, port: first.port)) }
                return servers
            } catch {
                _ = servers.map(stop)
                attempt += 1
                if attempt == 5 { throw error }
            }
        }
    }

    /// Stops `server` and returns what it counted.
    @discardableResult
    static func stop(_ server: EchoServer) -> ServerCounters {
        server.stop()
        return server.wait()
    }
}
