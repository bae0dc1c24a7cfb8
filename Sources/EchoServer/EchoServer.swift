import EpollIO
import Glibc

/// The wsbench echo server: one event loop per thread, each with its own SO_REUSEPORT listener.
///
/// ```swift
/// let server = try EchoServer.start(configuration)   // listening when this returns
/// // … server.port …
/// server.stop()                                     // graceful: close 1001 to every connection
/// let counters = server.wait()
/// ```
public final class EchoServer: Sendable {
    /// The port the server listens on (useful with port 0).
    public let port: Int
    /// The number of event loops.
    public let threads: Int
    let group: EventLoopThreadGroup
    let shared: ServerShared

    private init(port: Int, threads: Int, group: EventLoopThreadGroup, shared: ServerShared) {
        self.port = port
        self.threads = threads
        self.group = group
        self.shared = shared
    }

    /// Binds the listeners and starts the loops. Throws if the address cannot be used.
    public static func start(_ configuration: ServerConfiguration) throws(SocketError) -> EchoServer {
        TerminationSignals.ignoreBrokenPipe()
        let limit = (try? OpenFileLimit.raiseToMaximum())?.current ?? 1024
        let threads = configuration.threads > 0 ? configuration.threads : CPUAffinity.availableCount()
        guard let address = SocketAddress(host: configuration.host, port: UInt16(clamping: configuration.port)) else {
            throw SocketError("parse listen address", errorNumber: EINVAL)
        }
        var listeners: [Int32] = []
        var port = configuration.port
        do throws(SocketError) {
            for _ in 0..<threads {
                let fd = try Socket.makeListener(address: address.withPort(UInt16(port)), reusePort: true)
                listeners.append(fd)
                if port == 0 { port = Int(try Socket.localAddress(fd).port) }
            }
        } catch {
            for fd in listeners { Socket.close(fd) }
            throw error
        }
        let shared = ServerShared()
        let cpus: [Int]? =
            configuration.cpus.isEmpty ? nil : (0..<threads).map { configuration.cpus[$0 % configuration.cpus.count] }
        let boundListeners = listeners
        let group: EventLoopThreadGroup
        do {
            group = try EventLoopThreadGroup.start(count: threads, cpus: cpus) { thread in
                let listener = boundListeners[thread.index]
                do {
                    let loop = try ServerLoop(
                        configuration: configuration, thread: thread, listener: listener, shared: shared,
                        descriptorLimit: Int(clamping: limit))
                    loop.run()
                } catch {
                    Socket.close(listener)
                    shared.loopFailed("loop \(thread.index): \(error)")
                }
            }
        } catch {
            for fd in listeners { Socket.close(fd) }
            throw error
        }
        return EchoServer(port: port, threads: threads, group: group, shared: shared)
    }

    /// Asks every loop to shut down gracefully (returns at once; see ``wait()``).
    public func stop() { group.requestStop() }

    /// Waits for every loop to end and returns the summed counters.
    public func wait() -> ServerCounters {
        group.join()
        return shared.totals
    }

    /// Problems loops reported (a loop that could not start, a failing epoll_wait).
    public var failures: [String] { shared.failures }
}
