import BenchSupport
import EpollIO
import Histogram

/// One shard's result as `wsbench merge` takes it: which shard, its clocks, what identifies the
/// whole test, and its ``LoadResult`` (counters, full-resolution histograms, timings).
///
/// Read from a result file with ``parse(_:file:)``, or made from a run's result with
/// ``init(file:result:identity:)``.
public struct ShardResult: Sendable {
    /// Where it came from (a file name), for messages.
    public var file: String
    /// The slice this result is of.
    public var shard: ShardSpec
    /// The shard's clocks at its start.
    public var clock: ShardClock
    /// The result file's `configuration` without the per-machine keys (``perMachineKeys``): equal
    /// for every shard of one test.
    public var identity: JSONValue
    /// The shard's command line (arguments after `wsbench`).
    public var commandLine: [String]
    /// Counters, histograms and timings. Its configuration carries the target, the whole test's
    /// connections, the shard and the warm-up; the rest of it is rebuilt by the caller (``ShardMerge``
    /// takes the whole test's configuration).
    public var result: LoadResult

    /// Configuration keys that may differ between the shards of one test: each machine's threads,
    /// CPUs, source addresses and resolved target addresses.
    public static let perMachineKeys: Set<String> = ["threads", "cpus", "sources", "addresses"]

    /// A shard made from a run's result; `identity` is what must match the other shards' (by default
    /// the configuration as the result file would record it, without ``perMachineKeys``).
    public init(file: String, result: LoadResult, identity: JSONValue? = nil) {
        self.file = file
        self.shard = result.configuration.shard
        self.clock = ShardClock(
            requestedStart: result.requestedStart, wallClock: result.startWallClock,
            monotonicNanoseconds: result.startMonotonicNanoseconds)
        self.commandLine = result.commandLine
        self.result = result
        if let identity {
            self.identity = identity
        } else {
            let json = (try? JSONValue.parse(result.json(environment: RunEnvironment(hostname: "", kernel: "", cpuModel: "", onlineCPUs: 0, maskingKernel: "")))) ?? .null
            self.identity = Self.identity(of: json["configuration"] ?? .null)
        }
    }

    /// The configuration object without ``perMachineKeys``.
    static func identity(of configuration: JSONValue) -> JSONValue {
        guard let members = configuration.members else { return configuration }
        return .object(members.filter { !perMachineKeys.contains($0.0) })
    }

    /// Reads a shard's result file (`wsbench load --shard … --json FILE`); throws ``ShardResultError``
    /// saying what is missing or malformed.
    public static func parse(_ text: String, file: String) throws(ShardResultError) -> ShardResult {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch { throw .notJSON(file: file, error.description) }
        guard json["tool"]?.string == "wsbench load" else { throw .notALoadResult(file: file) }
        guard let record = json["shard"], record != .null, let histograms = json["histograms"], histograms != .null else {
            throw .noShardRecord(file: file)
        }
        func need<T>(_ value: T?, _ key: String) throws(ShardResultError) -> T {
            guard let value else { throw .missing(file: file, key: key) }
            return value
        }
        let configuration = try need(json["configuration"], "configuration")
        let targetText = try need(configuration["target"]?.string, "configuration.target")
        let target: TargetURL
        do { target = try TargetURL.parse(targetText) } catch { throw .malformed(file: file, key: "configuration.target", error.description) }
        let index = try need(record["index"]?.int, "shard.index")
        let count = try need(record["count"]?.int, "shard.count")
        let shard: ShardSpec
        do { shard = try ShardSpec(index: index, count: count) } catch { throw .malformed(file: file, key: "shard", error.description) }

        var c = LoadConfiguration(target: target)
        c.shard = shard
        c.connections = try need(configuration["connections"]?.int, "configuration.connections")
        c.warmupSeconds = configuration["warmup_seconds"]?.double ?? 0
        if configuration["mode"]?.string == "open", let rate = configuration["rate"]?.double {
            c.mode = .openLoop(messagesPerSecond: rate)
        } else if let inFlight = configuration["in_flight"]?.int {
            c.mode = .closedLoop(inFlight: inFlight)
        }
        c.reportIntervalSeconds = record["report_interval_seconds"]?.double ?? 1
        c.keepIntervalHistograms = json["interval_histograms"].map { $0 != .null } ?? false

        var r = LoadResult(configuration: c)
        let results = try need(json["results"], "results")
        func int(_ key: String) throws(ShardResultError) -> Int { try need(results[key]?.int, "results." + key) }
        r.counters.connectionsAttempted = try int("connections_attempted")
        r.counters.connectionsOpened = try int("connections_opened")
        r.counters.messagesSent = try int("messages_sent")
        r.counters.messagesReceived = try int("messages_echoed")
        r.counters.measuredMessagesSent = try int("measured_messages_sent")
        r.counters.measuredMessagesReceived = try int("measured_messages_echoed")
        r.counters.unsolicitedMessages = try int("unsolicited_messages")
        r.counters.measuredPayloadBytes = try int("measured_payload_bytes")
        r.counters.bytesWritten = try int("bytes_written")
        r.counters.bytesRead = try int("bytes_read")
        r.counters.maximumUnsentBytes = try int("max_unsent_bytes")
        r.counters.tlsHandshakes = try int("tls_handshakes")
        r.counters.tlsResumed = try int("tls_resumed")
        r.maximumResidentBytes = try int("max_resident_bytes")
        r.elapsedSeconds = try need(results["elapsed_seconds"]?.double, "results.elapsed_seconds")
        r.measuredSeconds = try need(results["measured_seconds"]?.double, "results.measured_seconds")
        r.cpuSeconds = results["cpu_seconds"]?.double ?? 0
        r.secondsToOpenAll = results["seconds_to_open_all"]?.double ?? 0
        r.userCPUSeconds = record["cpu_user_seconds"]?.double ?? 0
        r.systemCPUSeconds = record["cpu_system_seconds"]?.double ?? 0
        r.threads = configuration["threads"]?.int ?? 0

        let errors = try need(json["errors"], "errors")
        for (name, value) in errors.members ?? [] where name != "total" {
            guard let kind = LoadErrorKind.allCases.first(where: { $0.name == name }) else {
                throw .malformed(file: file, key: "errors." + name, "an error kind this wsbench does not know")
            }
            r.counters.count(kind, try need(value.int, "errors." + name))
        }
        for (key, keyPath) in [("negotiated_extensions", \LoadResult.negotiatedExtensions), ("negotiated_subprotocols", \LoadResult.negotiatedSubprotocols)] {
            for (name, value) in json[key]?.members ?? [] { r[keyPath: keyPath][name == "none" ? "" : name, default: 0] += value.int ?? 0 }
        }
        r.notes = (json["notes"]?.array ?? []).compactMap(\.string)
        r.addresses = (configuration["addresses"]?.array ?? []).compactMap { $0.string.flatMap { SocketAddress($0) } }

        func histogram(_ key: String) throws(ShardResultError) -> LatencyHistogram {
            let text = try need(histograms[key]?.string, "histograms." + key)
            guard let h = LoadResult.decodedHistogram(text) else { throw .malformed(file: file, key: "histograms." + key, "not a compressed HdrHistogram") }
            return h
        }
        r.latency = try histogram("latency_ns")
        r.sendLag = try histogram("send_lag_ns")
        r.connectTime = try histogram("connect_ns")
        r.tlsTime = try histogram("tls_ns")
        r.handshakeTime = try histogram("handshake_ns")
        if let intervals = json["interval_histograms"], intervals != .null {
            func list(_ key: String) throws(ShardResultError) -> [LatencyHistogram?] {
                var out: [LatencyHistogram?] = []
                for item in intervals[key]?.array ?? [] {
                    if item == .null { out.append(nil); continue }
                    guard let h = item.string.flatMap(LoadResult.decodedHistogram) else {
                        throw .malformed(file: file, key: "interval_histograms." + key, "not a compressed HdrHistogram")
                    }
                    out.append(h)
                }
                return out
            }
            r.intervals = try list("latency_ns")
            r.sendLagIntervals = try list("send_lag_ns")
        }
        r.reportIntervalSeconds = c.reportIntervalSeconds
        r.startWallClock = try need(record["start_wall_unix"]?.double, "shard.start_wall_unix")
        r.startMonotonicNanoseconds = Int64(record["start_monotonic_ns"]?.int ?? 0)
        r.requestedStart = record["requested_start_unix"]?.double
        r.commandLine = (json["command_line"]?.array ?? []).compactMap(\.string)
        return ShardResult(file: file, result: r, identity: identity(of: configuration))
    }
}

/// Why a file could not be read as a shard's result.
public enum ShardResultError: Error, Equatable, CustomStringConvertible {
    case notJSON(file: String, String)
    case notALoadResult(file: String)
    case noShardRecord(file: String)
    case missing(file: String, key: String)
    case malformed(file: String, key: String, String)

    public var description: String {
        switch self {
        case .notJSON(let file, let why): return "\(file): \(why)"
        case .notALoadResult(let file): return "\(file): not a `wsbench load` result file (no \"tool\": \"wsbench load\")"
        case .noShardRecord(let file):
            return "\(file): no shard record or full-resolution histograms (written by an older wsbench? run `wsbench load` with --json from this version)"
        case .missing(let file, let key): return "\(file): \(key) is missing"
        case .malformed(let file, let key, let why): return "\(file): \(key): \(why)"
        }
    }
}
