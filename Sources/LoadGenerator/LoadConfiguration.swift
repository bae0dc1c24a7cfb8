import EpollIO
import HTTP2
import PerMessageDeflate
import WebSocketCore

/// Everything one `wsbench load` run is told.
public struct LoadConfiguration: Sendable {
    /// Where to connect: the URL (its host is resolved once when the run starts).
    public var target: TargetURL
    /// Connect to these addresses instead of resolving the target's host (the `Host` header keeps
    /// the name); empty = resolve. Connection *n* goes to `addresses[n % count]`, like resolved ones.
    public var addresses: [SocketAddress] = []
    /// Header fields added to every upgrade request (a token, a cookie); each must pass
    /// ``ClientHandshake/problem(withHeader:)``.
    public var headers: [HTTPHeaderField] = []
    /// The `Origin` to send, if any.
    public var origin: String? = nil
    /// Subprotocols to offer in `Sec-WebSocket-Protocol`, in preference order (empty: none).
    public var subprotocols: [String] = []
    /// `wss://`: how the server's certificate is checked (`--ca FILE`, `--insecure`; default: the
    /// system CA store, and the certificate must name the URL's host).
    public var tlsVerification: TLSVerification = .systemTrustStore
    /// What counts as the answer to a message: its echo (verified) or the next message (``ReplyMode``).
    public var reply: ReplyMode = .echo
    /// Event-loop threads (0 = one per available CPU).
    public var threads: Int = 0
    /// CPUs to pin thread *i* to (`cpus[i % cpus.count]`); empty = no pinning.
    public var cpus: [Int] = []
    /// Connections in total, spread evenly over threads.
    public var connections: Int = 100
    /// `--http2`: WebSockets over HTTP/2 (RFC 8441 extended CONNECT): `wss://` negotiates `h2` by
    /// ALPN, `ws://` speaks h2c with prior knowledge.
    public var http2 = false
    /// `--streams-per-connection`: WebSockets multiplexed on each TCP connection (HTTP/2 only).
    public var streamsPerConnection = 1
    /// Local addresses to connect from, used in turn; empty = let the kernel choose.
    public var sources: [SocketAddress] = []
    /// New connections per second over all threads (0 = as fast as possible).
    public var connectRate: Double = 0
    /// Seconds after the start (connection ramp-up included) whose messages are not counted.
    public var warmupSeconds: Double = 0
    /// Seconds to send for, warm-up included (ignored when ``messageCount`` is set).
    public var durationSeconds: Double = 10
    /// Total messages to send (spread evenly over connections); nil = run for ``durationSeconds``.
    public var messageCount: Int? = nil
    /// Payload sizes in bytes; message *k* of connection *c* has `sizes[(c + k) % sizes.count]`.
    public var sizes: [Int] = [20]
    /// Text or binary messages.
    public var opcode: Opcode = .binary
    /// What payloads contain (`.file` with ``payloadFile``).
    public var content: PayloadContent = .ticks
    /// The seed of generated content: the same seed gives the same messages.
    public var contentSeed: UInt64 = 1
    /// Messages to replay instead of generated ones (their sizes replace ``sizes``, which then only
    /// describes the run in reports); set ``content`` to `.file` with it.
    public var payloadFile: PayloadFile? = nil
    /// Closed or open loop.
    public var mode: LoadMode = .closedLoop(inFlight: 1)
    /// The most messages a connection may have outstanding in open loop (scheduled but not yet
    /// echoed). Messages due beyond it are not sent and are counted as `schedule_overflow`.
    public var openLoopWindow: Int = 64
    /// Open loop: the shortest time between two timer wake-ups, in microseconds (0 = wake for each
    /// message at its due time). Messages falling due in between are sent together at the next
    /// wake-up, up to this late; their latency still counts from their intended send time.
    public var openLoopBatchMicroseconds: Int = 0
    /// Open loop: how a thread waits for due times (``OpenLoopTimer``; batching, when set, uses the timerfd).
    public var openLoopTimer: OpenLoopTimer = .precise
    /// Open loop, precise timer: how long before a due time the thread stops sleeping and spins, in
    /// microseconds (covers the timerfd + epoll wake-up lag, ~40–80 µs measured here).
    public var openLoopSpinMarginMicroseconds: Int = 100
    /// permessage-deflate to offer; nil = no compression.
    public var compression: DeflateClientOptions? = nil
    /// Seconds to wait for outstanding echoes after sending stops.
    public var drainSeconds: Double = 2
    /// Seconds the server has, once our close frames are sent, to answer them and end the connections.
    public var closeTimeoutSeconds: Double = 5
    /// Seconds a connection may take to connect and complete its handshake.
    public var connectTimeoutSeconds: Double = 10
    /// The largest echoed message accepted.
    public var maximumMessageLength: Int = 16 << 20
    /// The interval of the live snapshots (progress line, `.hlog` intervals), in seconds.
    public var reportIntervalSeconds: Double = 1
    /// Whether to keep every interval's histogram (for an `.hlog`).
    public var keepIntervalHistograms = false

    // Fleet mode (`--shard I/N`).
    /// The slice of the whole test this process runs; ``connections``, ``mode``'s rate,
    /// ``messageCount`` and ``connectRate`` stay the whole test's (``ShardSpec``).
    public var shard: ShardSpec = .whole

    /// A configuration with the defaults for `target`.
    public init(target: TargetURL) {
        self.target = target
    }

    /// The thread count actually used.
    public var effectiveThreads: Int {
        let wanted = threads > 0 ? threads : CPUAffinity.availableCount()
        return max(1, min(wanted, max(shardConnections, 1)))
    }

    /// The connections this shard runs (all of them when not sharded).
    public var shardConnections: Int { shard.connections(ofTotal: connections) }

    /// WebSockets in the whole test: `connections` × `streamsPerConnection` over HTTP/2, `connections` otherwise.
    public var webSocketCount: Int { http2 ? connections * streamsPerConnection : connections }

    /// WebSockets this shard runs (all of them when not sharded).
    public var shardWebSocketCount: Int { http2 ? shardConnections * streamsPerConnection : shardConnections }

    /// The protocol WebSockets are bootstrapped over, as results name it: `http/1.1`, `h2` or `h2c`.
    public var protocolName: String { http2 ? (target.isSecure ? "h2" : "h2c") : "http/1.1" }

    /// Messages in flight per connection (closed loop), or 0 in open loop.
    public var inFlight: Int {
        if case .closedLoop(let n) = mode { return n }
        return 0
    }

    /// Checks the values for consistency; returns a message for the first problem.
    public func validate() -> String? {
        if connections < 1 { return "connections must be at least 1" }
        if shardConnections < 1 { return ShardSpecError.noConnections(shard: shard, connections: connections).description }
        if sizes.isEmpty || sizes.contains(where: { $0 < 0 || $0 > maximumMessageLength }) {
            return "sizes must be between 0 and \(maximumMessageLength) bytes"
        }
        if (content == .file) != (payloadFile != nil) { return "a payload file goes with content `file`, and only with it" }
        if let file = payloadFile, let problem = file.problem(maximumLength: maximumMessageLength, opcode: opcode) { return problem }
        if case .closedLoop(let n) = mode, n < 1 || n > 65536 { return "in-flight must be 1...65536" }
        if case .openLoop(let rate) = mode, !(rate > 0) { return "rate must be positive" }
        if openLoopWindow < 1 || openLoopWindow > 65536 { return "open-loop window must be 1...65536" }
        if openLoopSpinMarginMicroseconds < 0 { return "spin margin must not be negative" }
        if let count = messageCount, count < 0 { return "message count must not be negative" }
        if durationSeconds <= 0 && messageCount == nil { return "duration must be positive" }
        if warmupSeconds < 0 { return "warm-up must not be negative" }
        if let problem = targetProblem() { return problem }
        if let problem = handshakeProblem() { return problem }
        if streamsPerConnection < 1 || streamsPerConnection > 100_000 { return "streams per connection must be 1...100000" }
        if streamsPerConnection > 1 && !http2 { return "--streams-per-connection needs --http2" }
        if http2, let field = headers.first(where: { ClientRequestHeaders.problem(withExtraField: $0.name) != nil }) {
            return ClientRequestHeaders.problem(withExtraField: field.name)
        }
        return nil
    }

    /// A problem with the target, its addresses or the source addresses.
    func targetProblem() -> String? {
        if !target.isSecure && tlsVerification != .systemTrustStore {
            return "--ca and --insecure are for wss:// targets"
        }
        if let first = sources.first, sources.contains(where: { $0.family != first.family }) {
            return "source addresses must all be IPv4 or all IPv6"
        }
        if addresses.contains(where: { $0.port == 0 }) { return "connect addresses need a port" }
        let known: [SocketAddress] = addresses.isEmpty ? (target.literalAddress.map { [$0] } ?? []) : addresses
        if let first = sources.first, !known.isEmpty, !known.contains(where: { $0.family == first.family }) {
            return "source addresses must be of the target's address family"
        }
        return nil
    }

    /// A problem with the extra header fields, the origin or the subprotocols.
    func handshakeProblem() -> String? {
        for field in headers {
            guard let problem = ClientHandshake.problem(withHeader: field) else { continue }
            switch problem {
            case .origin: return "\(problem); use --origin"
            case .subprotocol: return "\(problem); use --subprotocol"
            default: return problem.description
            }
        }
        if let origin, origin.isEmpty || origin.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return "the origin must be non-empty, without control characters (CR, LF, …)"
        }
        for name in subprotocols where !ClientHandshake.isValidSubprotocol(name) {
            return "subprotocol \"\(name)\" is not a token (RFC 6455 §4.1: letters, digits and !#$%&'*+-.^_`|~)"
        }
        if Set(subprotocols).count != subprotocols.count { return "a subprotocol is offered twice" }
        return nil
    }
}
