import BenchSupport
import Histogram

/// The shards of one test merged exactly: histograms added bucket by bucket (HdrHistogram `add`,
/// never percentiles averaged), counters and errors summed, times taken over the union of the
/// shards' runs. Refuses shards that are not one whole test (``ShardMergeProblem``).
///
/// ```swift
/// let merged = try ShardMerge(shards, configuration: whole)
/// print(merged.result.summary); print(merged.shardTable)
/// ```
public struct ShardMerge: Sendable {
    /// The shards, in shard order.
    public var shards: [ShardResult]
    /// The whole test's result, as one process running it would have reported it.
    public var result: LoadResult
    /// Seconds between the earliest and the latest actual start (wall clocks).
    public var startSpread: Double

    /// How far apart (s) the shards' actual starts may be by default.
    public static let defaultStartTolerance = 1.0

    /// Merges `shards`. `configuration` is the whole test's (its shard is set to whole); nil uses
    /// what the first shard's record carries. Throws every problem found when the shards are not
    /// all the shards of one test, each once, started within `startTolerance` seconds.
    public init(
        _ shards: [ShardResult], configuration: LoadConfiguration? = nil, startTolerance: Double = defaultStartTolerance
    ) throws(ShardMergeError) {
        let problems = Self.problems(shards, startTolerance: startTolerance)
        guard problems.isEmpty else { throw ShardMergeError(problems: problems) }
        let sorted = shards.sorted { $0.shard.index < $1.shard.index }
        self.shards = sorted
        var whole = configuration ?? sorted[0].result.configuration
        whole.shard = .whole
        let starts = sorted.map(\.result.startWallClock)
        let start = starts.min()!
        startSpread = starts.max()! - start
        var r = LoadResult(configuration: whole)
        r.startWallClock = start
        r.requestedStart = sorted[0].result.requestedStart
        r.reportIntervalSeconds = sorted[0].result.reportIntervalSeconds
        var end = start, lastOpened = start, measureStart = Double.infinity, measureEnd = -Double.infinity
        for shard in sorted {
            let s = shard.result
            r.counters.add(s.counters)
            r.latency.add(s.latency)
            r.sendLag.add(s.sendLag)
            r.connectTime.add(s.connectTime)
            r.tlsTime.add(s.tlsTime)
            r.handshakeTime.add(s.handshakeTime)
            for (name, count) in s.negotiatedExtensions { r.negotiatedExtensions[name, default: 0] += count }
            for (name, count) in s.negotiatedSubprotocols { r.negotiatedSubprotocols[name, default: 0] += count }
            for note in s.notes where !r.notes.contains(note) { r.notes.append(note) }
            for address in s.addresses where !r.addresses.contains(address) { r.addresses.append(address) }
            r.threads += s.threads
            r.cpuSeconds += s.cpuSeconds
            r.userCPUSeconds += s.userCPUSeconds
            r.systemCPUSeconds += s.systemCPUSeconds
            r.maximumResidentBytes = max(r.maximumResidentBytes, s.maximumResidentBytes)
            end = max(end, s.startWallClock + s.elapsedSeconds)
            lastOpened = max(lastOpened, s.startWallClock + s.secondsToOpenAll)
            let from = s.startWallClock + s.configuration.warmupSeconds
            measureStart = min(measureStart, from)
            measureEnd = max(measureEnd, from + s.measuredSeconds)
            // Interval k of a shard covers [its start + k·L, …): it goes to the merged interval that
            // starts nearest to that (the shards started within the tolerance of each other).
            let length = r.reportIntervalSeconds
            let offset = length > 0 ? Int(((s.startWallClock - start) / length).rounded()) : 0
            Self.add(s.intervals, at: offset, to: &r.intervals)
            Self.add(s.sendLagIntervals, at: offset, to: &r.sendLagIntervals)
        }
        r.elapsedSeconds = end - start
        r.measuredSeconds = max(0, measureEnd - measureStart)
        r.secondsToOpenAll = lastOpened - start
        r.notes.append(
            "merged from \(sorted.count) shard\(sorted.count == 1 ? "" : "s"); their starts spread \(Format.fixed(startSpread * 1e3, 1)) ms (wall clocks, assumed synchronised)")
        result = r
    }

    static func add(_ intervals: [LatencyHistogram?], at offset: Int, to merged: inout [LatencyHistogram?]) {
        for (k, histogram) in intervals.enumerated() {
            guard let histogram else { continue }
            let index = k + offset
            while merged.count <= index { merged.append(nil) }
            if merged[index] == nil { merged[index] = .makeLatency() }
            merged[index]!.add(histogram)
        }
    }

    /// Everything that stops `shards` from being merged as one test (empty when they can be).
    public static func problems(_ shards: [ShardResult], startTolerance: Double = defaultStartTolerance) -> [ShardMergeProblem] {
        guard let first = shards.first else { return [.noResults] }
        var problems: [ShardMergeProblem] = []
        let counts = Set(shards.map(\.shard.count))
        if counts.count > 1 {
            var byFile: [String: Int] = [:]
            for s in shards { byFile[s.file] = s.shard.count }
            problems.append(.shardCountsDiffer(byFile))
        }
        for s in shards.dropFirst() where s.identity != first.identity {
            let (key, value, reference) = Self.difference(s.identity, first.identity)
            problems.append(.configurationDiffers(file: s.file, reference: first.file, key: key, value: value, referenceValue: reference))
        }
        var byIndex: [Int: [String]] = [:]
        for s in shards { byIndex[s.shard.index, default: []].append(s.file) }
        for (index, files) in byIndex.sorted(by: { $0.key < $1.key }) where files.count > 1 {
            problems.append(.duplicateShard(index: index, files: files))
        }
        if counts.count == 1 {
            let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
            if !missing.isEmpty { problems.append(.missingShards(missing, count: first.shard.count)) }
        }
        let earliest = shards.min { $0.clock.wallClock < $1.clock.wallClock }!
        let latest = shards.max { $0.clock.wallClock < $1.clock.wallClock }!
        let spread = latest.clock.wallClock - earliest.clock.wallClock
        if spread > startTolerance {
            problems.append(.startsTooFarApart(spread: spread, tolerance: startTolerance, earliest: earliest.file, latest: latest.file))
        }
        return problems
    }

    /// The first member where two identities differ: its key and both values.
    static func difference(_ a: JSONValue, _ b: JSONValue) -> (String, String, String) {
        let am = a.members ?? [], bm = b.members ?? []
        for (key, value) in am {
            let other = bm.first { $0.0 == key }?.1
            if other != value { return (key, value.text, other?.text ?? "absent") }
        }
        for (key, value) in bm where !am.contains(where: { $0.0 == key }) { return (key, "absent", value.text) }
        return ("?", a.text, b.text)
    }

    /// The per-shard table printed after the merged summary.
    public var shardTable: String {
        var lines = ["shard  file                             connections  msgs echoed    msg/s      p50        p99        max        start(+ms)  late(ms)  errors"]
        let start = result.startWallClock
        for s in shards {
            let r = s.result
            var line = Format.padded("\(s.shard)", 7) + Format.padded(String(s.file.suffix(32)), 33)
            line += Format.padded("\(r.counters.connectionsOpened)/\(r.configuration.shardConnections)", 13)
            line += Format.padded(String(r.counters.measuredMessagesReceived), 15)
            line += Format.padded(Format.fixed(r.messagesPerSecond, 0), 11)
            for p in [50.0, 99.0] { line += Format.padded(Format.duration(r.latency(at: p)), 11) }
            line += Format.padded(Format.duration(r.latency.totalCount > 0 ? r.latency.max : 0), 11)
            line += Format.padded(Format.fixed((r.startWallClock - start) * 1e3, 1), 12)
            line += Format.padded(s.clock.lateness.map { Format.fixed($0 * 1e3, 1) } ?? "-", 10)
            line += String(r.counters.totalErrors)
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The header of ``shardCSV``.
    public static let shardCSVHeader =
        "shard,count,file,connections,connections_opened,measured_messages_echoed,messages_per_second,p50_us,p99_us,max_us,start_wall_unix,start_offset_ms,start_late_ms,start_monotonic_ns,errors"

    /// One CSV row per shard (with ``shardCSVHeader``).
    public var shardCSV: String {
        var rows = [Self.shardCSVHeader]
        for s in shards {
            let r = s.result
            rows.append(
                [
                    String(s.shard.index), String(s.shard.count), s.file, String(r.configuration.shardConnections),
                    String(r.counters.connectionsOpened), String(r.counters.measuredMessagesReceived),
                    Format.fixed(r.messagesPerSecond, 1), Format.fixed(Double(r.latency(at: 50)) / 1e3, 1),
                    Format.fixed(Double(r.latency(at: 99)) / 1e3, 1),
                    Format.fixed(Double(r.latency.totalCount > 0 ? r.latency.max : 0) / 1e3, 1),
                    Format.fixed(r.startWallClock, 6), Format.fixed((r.startWallClock - result.startWallClock) * 1e3, 3),
                    s.clock.lateness.map { Format.fixed($0 * 1e3, 3) } ?? "", String(s.clock.monotonicNanoseconds),
                    String(r.counters.totalErrors),
                ].joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
