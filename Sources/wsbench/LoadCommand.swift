import ArgumentParser
import BenchSupport
import EpollIO
import LoadGenerator
import PerMessageDeflate
import Reporting
import WebSocketCore

#if canImport(Glibc)
import Glibc
#endif

/// `wsbench load`: the load generator.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Drive a WebSocket server: closed or open loop, every echo verified (or any reply timed), HdrHistogram latency.",
        discussion: """
            Exits 0 when every connection opened and no error of any kind was seen, 1 when the run \
            finished with errors (results are still written), 2 when it could not start.
            """)

    @Argument(help: "Target: ws://host[:port][/path][?query] — a host name (resolved once, connections spread over its addresses), an IPv4 address or a bracketed IPv6 one; wss:// for TLS (certificate verified against the system CA store unless --ca or --insecure).")
    var url: String
    @Option(name: .customLong("header"), help: "A header for every upgrade request, 'Name: value' (repeatable), e.g. --header 'Authorization: Bearer …'. Not Host, Upgrade, Connection, Sec-WebSocket-*.")
    var headers: [String] = []
    @Option(help: "The Origin header to send.")
    var origin: String?
    @Option(name: .customLong("subprotocol"), help: "Subprotocol(s) to offer in Sec-WebSocket-Protocol, in preference order (repeatable or a comma list); the chosen one is reported.")
    var subprotocols: [String] = []
    @Option(help: "What answers a message: echo (verified against it) or any (the next message from the server, timed; only its framing checked) for request/response services that do not echo.")
    var reply = ReplyMode.echo.rawValue
    @Option(help: "Connect to these addresses instead of resolving the URL's host (comma list: 10.0.0.5, [::1], or with a port 10.0.0.5:8080); the Host header keeps the URL's host.")
    var address: String?
    @Option(help: "wss://: verify the server's certificate against the CA certificates (PEM) in this file instead of the system store (a self-signed certificate can be its own CA).")
    var ca: String?
    @Flag(help: "wss://: do not verify the server's certificate (throw-away certificates; still encrypted).")
    var insecure = false
    @Option(help: "Threads (0 = one per available CPU).")
    var threads = 0
    @Option(help: "Pin thread i to CPU list[i], e.g. --cpus 1 or --cpus 0,1.")
    var cpus: String?
    @Option(help: "Connections in total (TCP connections; with --http2 each carries --streams-per-connection WebSockets).")
    var connections = 100
    @Flag(help: "WebSockets over HTTP/2 (RFC 8441 extended CONNECT): wss:// negotiates h2 by ALPN, ws:// speaks h2c with prior knowledge.")
    var http2 = false
    @Option(help: "WebSockets multiplexed on each TCP connection (needs --http2).")
    var streamsPerConnection = 1
    @Option(help: "Source addresses to connect from, e.g. 127.0.0.1-127.0.0.8 (one address has ~28k ports).")
    var source: String?
    @Option(help: "New connections per second (0 = as fast as possible).")
    var connectRate: Double = 0
    @Option(help: "Seconds from the start whose messages are not counted.")
    var warmup: Double = 0
    @Option(help: "Seconds to send for (warm-up included).")
    var duration: Double = 10
    @Option(help: "Send this many messages in total instead of running for --duration.")
    var messages: Int?
    @Option(help: "Payload size(s) in bytes, e.g. 20 or 20,1024,16384 (message k of connection c: list[(c+k) % n]; default 20).")
    var size: String?
    @Flag(help: "Send text messages (default: binary).")
    var text = false
    @OptionGroup var contentOptions: ContentOptions
    @Option(help: "Closed loop: messages in flight per connection.")
    var inFlight = 1
    @Option(help: "Open loop: total messages per second (latency from intended send times).")
    var rate: Double?
    @Option(help: "Open loop: most messages outstanding per connection.")
    var window = 64
    @Option(help: "Open loop: wake at most every this many µs and send what fell due meanwhile (0 = each message at its time; latency still counts from intended times).")
    var batch = 0
    @Option(help: "Open loop: precise (sleep until --spin-margin before each due time, then spin; poll while echoes are awaited) or timerfd (sleep until the due time; cheaper, adds wake-up lag to latency).")
    var timer: String = OpenLoopTimer.precise.rawValue
    @Option(help: "Open loop, precise timer: µs before each due time to stop sleeping and spin.")
    var spinMargin = 100
    @Flag(help: "Offer permessage-deflate.")
    var compress = false
    @Option(help: "permessage-deflate: zlib level (0-9).")
    var deflateLevel = 1
    @Option(help: "permessage-deflate: zlib memLevel (1-9).")
    var deflateMemLevel = 4
    @Option(help: "permessage-deflate library: zlib, isal, libdeflate (15-bit window without context takeover only, else zlib) or auto (the fastest valid one).")
    var deflateImpl = "auto"
    @Option(help: "permessage-deflate: client_max_window_bits to offer (8-15; 0 = offer without a value).")
    var clientMaxWindowBits = 0
    @Option(help: "permessage-deflate: server_max_window_bits to ask for (8-15).")
    var serverMaxWindowBits: Int?
    @Flag(help: "permessage-deflate: offer client_no_context_takeover.")
    var clientNoContextTakeover = false
    @Flag(help: "permessage-deflate: ask for server_no_context_takeover.")
    var serverNoContextTakeover = false
    @Option(help: "Seconds to wait for outstanding echoes after sending stops.")
    var drain: Double = 2
    @Option(help: "Seconds the server has to answer our close frames at the end (then close_timeout).")
    var closeTimeout: Double = 5
    @Option(help: "Seconds a connection may take to connect and upgrade.")
    var connectTimeout: Double = 10
    @Option(help: "Write the result as JSON to this file.")
    var json: String?
    @Option(help: "Append the result as a CSV row to this file (header written when the file is new).")
    var csv: String?
    @Option(help: "Write per-second latency histograms to this HdrHistogram log (.hlog, format 1.3).")
    var hlog: String?
    @Flag(help: "No progress lines.")
    var quiet = false
    // Thresholds, JUnit and Markdown verdicts.
    @OptionGroup(title: "Verdicts") var verdicts: VerdictOptions
    // The live dashboard (its own thread).
    @OptionGroup(title: "Dashboard") var dashboardOptions: DashboardOptions

    // Fleet mode: one shard of a test spread over processes or machines (merged by `wsbench merge`).
    @Option(help: "Run shard I of N of the whole test (0 ≤ I < N): every N-th connection from I, its share of the rate and of --messages; the other options describe the whole test.")
    var shard: String?
    @Option(help: "Start at this wall-clock time (Unix seconds, e.g. $(date +%s) + 30) so that all shards start together; refused when more than 5 s in the past.")
    var startAt: Double?
    @Option(help: "Start after this many seconds (on one machine; across machines prefer --start-at).")
    var startIn: Double?

    func makeConfiguration() throws -> LoadConfiguration {
        let target: TargetURL
        do {
            target = try TargetURL.parse(url)
        } catch {
            throw ValidationError(error.description)
        }
        var c = LoadConfiguration(target: target)
        c.headers = try headers.map(Self.headerField)
        c.origin = origin
        c.subprotocols = subprotocols.flatMap { $0.split(separator: ",").map { String($0.filter { $0 != " " }) } }
        guard let replyMode = ReplyMode(rawValue: reply) else { throw ValidationError("--reply: echo or any") }
        c.reply = replyMode
        if ca != nil && insecure { throw ValidationError("--ca and --insecure exclude each other") }
        if let ca { c.tlsVerification = .certificateAuthorities(file: ca) }
        if insecure { c.tlsVerification = .none }
        if let address {
            c.addresses = try address.split(separator: ",").map { item in
                let text = String(item)
                let bare = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
                if let parsed = SocketAddress(host: bare, port: UInt16(target.port)) ?? SocketAddress(text) { return parsed }
                throw ValidationError("--address takes numeric addresses like 10.0.0.5, [::1] or 10.0.0.5:8080, got \(text)")
            }
        }
        c.threads = threads
        if let cpus { c.cpus = try CPUList.argument(cpus, option: "--cpus") }
        c.connections = connections
        c.http2 = http2
        c.streamsPerConnection = streamsPerConnection
        if let source {
            guard let addresses = SourceAddresses.parse(source) else {
                throw ValidationError("--source takes addresses and ranges like 127.0.0.1-127.0.0.8,127.0.1.1")
            }
            c.sources = addresses
        }
        c.connectRate = connectRate
        c.warmupSeconds = warmup
        c.durationSeconds = duration
        c.messageCount = messages
        c.sizes = try (size ?? "20").split(separator: ",").map {
            guard let n = Int($0) else { throw ValidationError("--size takes byte counts like 20 or 20,1024") }
            return n
        }
        c.opcode = text ? .text : .binary
        (c.content, c.contentSeed, c.payloadFile) = try contentOptions.chosen(sizeOption: size.map { _ in "--size" }, text: text)
        if let file = c.payloadFile { (c.opcode, c.sizes) = (file.opcode, [file.meanSize]) }
        c.mode = rate.map { .openLoop(messagesPerSecond: $0) } ?? .closedLoop(inFlight: inFlight)
        c.openLoopWindow = window
        c.openLoopBatchMicroseconds = batch
        guard let openLoopTimer = OpenLoopTimer(rawValue: timer) else { throw ValidationError("--timer: precise or timerfd") }
        c.openLoopTimer = openLoopTimer
        c.openLoopSpinMarginMicroseconds = spinMargin
        if compress {
            guard (0...9).contains(deflateLevel), (1...9).contains(deflateMemLevel),
                clientMaxWindowBits == 0 || (8...15).contains(clientMaxWindowBits),
                serverMaxWindowBits.map({ (8...15).contains($0) }) ?? true
            else { throw ValidationError("deflate level 0-9, memLevel 1-9, window bits 8-15") }
            c.compression = DeflateClientOptions(
                requestServerNoContextTakeover: serverNoContextTakeover,
                disableClientContextTakeover: clientNoContextTakeover, serverMaxWindowBits: serverMaxWindowBits,
                clientMaxWindowBits: clientMaxWindowBits == 0 ? .withoutValue : .limit(clientMaxWindowBits),
                compressionLevel: deflateLevel, memoryLevel: deflateMemLevel,
                implementation: try DeflateImplementation.argument(deflateImpl, option: "--deflate-impl"))
        }
        c.drainSeconds = drain
        c.closeTimeoutSeconds = closeTimeout
        c.connectTimeoutSeconds = connectTimeout
        c.keepIntervalHistograms = hlog != nil
        if let shard {
            do { c.shard = try ShardSpec.parse(shard) } catch { throw ValidationError(error.description) }
        }
        if let problem = c.validate() { throw ValidationError(problem) }
        return c
    }

    /// `Name: value` as a header field (the value without surrounding blanks); checked later by
    /// ``LoadConfiguration/validate()``.
    static func headerField(_ text: String) throws -> HTTPHeaderField {
        guard let colon = text.firstIndex(of: ":") else { throw ValidationError("--header takes 'Name: value', got \(text)") }
        var value = text[text.index(after: colon)...]
        while let first = value.first, first == " " || first == "\t" { value = value.dropFirst() }
        while let last = value.last, last == " " || last == "\t" { value = value.dropLast() }
        return HTTPHeaderField(name: String(text[..<colon]), value: String(value))
    }

    func run() throws {
        let configuration = try makeConfiguration()
        let thresholds = try verdicts.parsed(available: ReportedMetrics.loadMetrics, context: " by wsbench load (server figures come from wsbench matrix)")
        let start: ShardStart?
        do { start = try ShardStart.resolve(at: startAt, in: startIn, now: SystemClock.wallSeconds()) } catch {
            throw ValidationError(error.description)
        }
        try TerminationSignals.blockInCurrentThread()
        let signals = try TerminationSignals.makeFileDescriptor()
        defer { Socket.close(signals) }
        if let start, !waitForStart(start, signals: signals) {
            printError("wsbench load: interrupted before the start")
            throw ExitCode(2)
        }
        let live = try dashboardOptions.start(command: "load", title: "wsbench load \(configuration.target)")
        let feed = live?.feed
        feed?.begin(phase: "running")
        defer { live?.server.stop() }
        let run: LoadRun
        do {
            run = try LoadRun.start(configuration)
        } catch {
            printError("wsbench load: \(error)")
            throw ExitCode(2)
        }
        let terminal = isatty(2) == 1
        var previous: LoadProgress? = nil
        var interrupted = false
        var nextLine = MonotonicClock.nanoseconds() + 1_000_000_000
        while !run.isFinished {
            var pollDescriptor = pollfd(fd: signals, events: Int16(POLLIN), revents: 0)
            if poll(&pollDescriptor, 1, 50) > 0, (try? TerminationSignals.read(signals)) != nil, !interrupted {
                interrupted = true
                printError("\nwsbench load: interrupted; waiting for outstanding echoes, then writing results")
                run.stop()
            }
            guard !quiet || feed != nil, !run.isFinished, MonotonicClock.nanoseconds() >= nextLine else { continue }
            nextLine += 1_000_000_000
            let progress = run.progress()
            feed?.publish(progress)
            if quiet { continue }
            let line = progress.line(since: previous)
            previous = progress
            if terminal {
                writeError("\r\u{1B}[2K" + line)
            } else {
                printError(line)
            }
        }
        if terminal && !quiet { writeError("\r\u{1B}[2K") }
        var result = run.wait()
        result.requestedStart = start?.wallClock
        result.commandLine = ShardCommandLine.redacted(Array(CommandLine.arguments.dropFirst()))
        feed?.finish("\(Format.fixed(result.messagesPerSecond, 0)) msg/s, \(result.counters.totalErrors) errors")
        print(result.summary)
        let problems = ResultFiles(json: json, csv: csv, histogramLog: hlog).write(result, environment: .current())
        for problem in problems { printError("wsbench load: \(problem)") }
        let verdictsFailed = verdicts.report(command: "wsbench load", thresholds: thresholds, cells: [ReportedMetrics(load: result)])
        if !result.isClean {
            printError("wsbench load: " + failureSummary(result))
            throw ExitCode(1)
        }
        if !problems.isEmpty || verdictsFailed { throw ExitCode(1) }
    }

    /// Sleeps until `start` (wall clock); false when a termination signal came first.
    func waitForStart(_ start: ShardStart, signals: Int32) -> Bool {
        if !quiet { printError("wsbench load: shard \(shard ?? "0/1") starts at \(Format.fixed(start.wallClock, 3)) (in \(Format.fixed(start.secondsToWait(now: SystemClock.wallSeconds()), 1)) s)") }
        while true {
            let wait = start.secondsToWait(now: SystemClock.wallSeconds())
            if wait <= 0 { return true }
            var pollDescriptor = pollfd(fd: signals, events: Int16(POLLIN), revents: 0)
            // Sleep in steps of at most 100 ms, the last one to the millisecond before the time.
            if poll(&pollDescriptor, 1, Int32(min(100, max(1, wait * 1000)))) > 0 { return false }
        }
    }

    /// One sentence saying what went wrong.
    func failureSummary(_ result: LoadResult) -> String {
        let c = result.counters
        var parts: [String] = []
        if c.connectionsOpened < result.configuration.shardWebSocketCount {
            parts.append("\(c.connectionsOpened) of \(result.configuration.shardWebSocketCount) \(result.configuration.http2 ? "WebSockets" : "connections") opened")
        }
        let errors = LoadErrorKind.allCases.filter { c[$0] > 0 }.map { "\($0.name) \(c[$0])" }
        if !errors.isEmpty { parts.append("errors: " + errors.joined(separator: ", ")) }
        if c[.dnsFailed] > 0 {
            parts.append("\(result.configuration.target.hostName) did not resolve (see the note)")
        }
        if c[.connectRefused] == c.connectionsAttempted && c.connectionsAttempted > 0 {
            parts.append("nothing accepted connections at \(result.configuration.target) (is the server running?)")
        }
        return parts.joined(separator: "; ")
    }
}

/// Writes text to standard error without a newline.
func writeError(_ text: String) {
    var copy = text
    copy.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
