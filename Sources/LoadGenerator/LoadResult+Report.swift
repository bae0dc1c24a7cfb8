import BenchSupport
import Histogram
extension LoadResult {
    /// The human summary printed at the end of a run.
    public var summary: String {
        var lines: [String] = []
        let c = configuration
        if c.http2 {
            lines.append("target      \(c.target)  threads \(threads)  \(c.protocolName): \(c.shardConnections) connections × \(c.streamsPerConnection) streams, WebSockets \(counters.connectionsOpened)/\(c.shardWebSocketCount)  \(modeDescription)")
        } else {
            lines.append("target      \(c.target)  threads \(threads)  connections \(counters.connectionsOpened)/\(c.shardConnections)  \(modeDescription)")
        }
        if !c.shard.isWhole { lines.append(shardSummaryLine) }
        if c.target.literalAddress == nil || !c.addresses.isEmpty {
            var list = addresses.map(\.description).joined(separator: ", ")
            if addresses.isEmpty { list = "none (the host name did not resolve)" }
            if addresses.count > 1 { list += " (connections in turn)" }
            lines.append("addresses   " + list)
        }
        if !c.subprotocols.isEmpty || negotiatedSubprotocols.keys.contains(where: { !$0.isEmpty }) {
            let offered = c.subprotocols.isEmpty ? "none" : c.subprotocols.joined(separator: ", ")
            lines.append("subprotocol offered \(offered); chosen: \(subprotocolsSummary)")
        }
        lines.append("payload     \(c.sizes.map(String.init).joined(separator: ",")) B \(c.opcode == .text ? "text" : "binary") \(c.content.rawValue)  compression offered: \(c.compression == nil ? "no" : "yes"), accepted: \(extensionsSummary)")
        lines.append("time        \(Format.fixed(elapsedSeconds, 2)) s elapsed, \(Format.fixed(measuredSeconds, 2)) s measured (warm-up \(Format.fixed(c.warmupSeconds, 1)) s)")
        if c.reply == .any {
            let measured = "measured: \(counters.measuredMessagesSent) sent, \(counters.measuredMessagesReceived) answered"
            let unsolicited = "\(counters.unsolicitedMessages) unsolicited"
            lines.append("messages    \(counters.messagesSent) sent, \(counters.messagesReceived) answered (\(measured)), \(unsolicited)")
            lines.append("reply       any: each request timed to the next message from the server; framing checked, content not")
        } else {
            lines.append("messages    \(counters.messagesSent) sent, \(counters.messagesReceived) echoed (measured: \(counters.measuredMessagesSent) sent, \(counters.measuredMessagesReceived) echoed)")
        }
        lines.append("throughput  \(Format.fixed(messagesPerSecond, 0)) msg/s  \(Format.fixed(megabytesPerSecond, 2)) MB/s payload each way")
        lines.append("cpu         load generator \(Format.fixed(cpuPercent, 1)) % of a core (user \(Format.fixed(userCPUSeconds, 2)) s, system \(Format.fixed(systemCPUSeconds, 2)) s)")
        var header = "latency    "
        var values = "           "
        for p in LoadResult.percentiles {
            header += Format.padded("p\(Format.trimmed(p))", 11)
            values += Format.padded(Format.duration(latency(at: p)), 11)
        }
        header += Format.padded("max", 11)
        values += Format.padded(Format.duration(latency.totalCount > 0 ? latency.max : 0), 11)
        lines.append(header)
        lines.append(values)
        if sendLag.totalCount > 0 {
            var lag = "send lag   "
            for p in LoadResult.percentiles { lag += Format.padded(Format.duration(sendLag(at: p)), 11) }
            lines.append(lag + Format.padded(Format.duration(sendLag.max), 11) + " (actual − intended send time)")
        }
        if sendLagWarning {
            lines.append("warning     the load generator's own send lag (p99 \(Format.duration(sendLag(at: 99)))) is more than a tenth of the latency p50 (\(Format.duration(latency(at: 50)))): the latencies measure the load generator too (try --timer precise, fewer connections or more threads)")
        }
        lines.append("connections \(counters.connectionsOpened) opened in \(Format.fixed(secondsToOpenAll, 3)) s; load generator peak RSS \(Format.fixed(Double(maximumResidentBytes) / 1_048_576, 1)) MiB")
        if connectTime.totalCount > 0 {
            lines.append("connect     p50 \(Format.duration(connectTime.valueAtPercentile(50)))  p99 \(Format.duration(connectTime.valueAtPercentile(99)))  max \(Format.duration(connectTime.max))")
        }
        if tlsTime.totalCount > 0 {
            lines.append("tls         p50 \(Format.duration(tlsTime.valueAtPercentile(50)))  p99 \(Format.duration(tlsTime.valueAtPercentile(99)))  max \(Format.duration(tlsTime.max))  (\(counters.tlsHandshakes) handshakes, \(counters.tlsResumed) resumed)")
        }
        if handshakeTime.totalCount > 0 {
            lines.append("handshake   p50 \(Format.duration(handshakeTime.valueAtPercentile(50)))  p99 \(Format.duration(handshakeTime.valueAtPercentile(99)))  max \(Format.duration(handshakeTime.max))")
        }
        let errors = LoadErrorKind.allCases.filter { counters[$0] > 0 }.map { "\($0.name) \(counters[$0])" }
        lines.append("errors      " + (errors.isEmpty ? "none" : errors.joined(separator: ", ")))
        for note in notes { lines.append("note        " + note) }
        return lines.joined(separator: "\n")
    }

    var modeDescription: String {
        switch configuration.mode {
        case .closedLoop(let n): return "closed loop, \(n) in flight"
        case .openLoop(let rate): return "open loop at \(Format.fixed(rate, 0)) msg/s"
        }
    }

    /// The CSV header matching ``csvRow``.
    public static var csvHeader: String {
        var fields = [
            "start_unix", "target", "mode", "in_flight", "rate", "threads", "connections", "connections_opened",
            "sizes", "opcode", "content", "compression_offered", "compression_accepted", "measured_seconds",
            "messages_sent", "messages_echoed", "messages_per_second", "megabytes_per_second", "cpu_percent",
        ]
        fields += LoadResult.percentiles.map { "p\(Format.trimmed($0))_us" } + ["max_us", "errors", "error_kinds"]
        fields += ["send_lag_p50_us", "send_lag_p99_us", "send_lag_max_us", "send_lag_warning"]
        fields += ["subprotocol"]
        fields += ["reply", "unsolicited_messages"]
        fields += ["tls_handshakes", "tls_resumed"]
        fields += ["protocol", "streams_per_connection"]
        return fields.joined(separator: ",")
    }

    /// One CSV line with the run's headline figures (latencies in µs).
    public var csvRow: String {
        var rate = ""
        if case .openLoop(let r) = configuration.mode { rate = Format.fixed(r, 0) }
        var fields = [
            Format.fixed(startWallClock, 3), configuration.target.description,
            configuration.inFlight > 0 ? "closed" : "open", String(configuration.inFlight), rate, String(threads),
            String(configuration.connections), String(counters.connectionsOpened),
            configuration.sizes.map(String.init).joined(separator: " "), configuration.opcode == .text ? "text" : "binary",
            configuration.content.rawValue, configuration.compression == nil ? "no" : "yes",
            "\"" + extensionsSummary.replacing("\"", with: "\"\"") + "\"", Format.fixed(measuredSeconds, 3),
            String(counters.measuredMessagesSent), String(counters.measuredMessagesReceived),
            Format.fixed(messagesPerSecond, 1), Format.fixed(megabytesPerSecond, 3), Format.fixed(cpuPercent, 1),
        ]
        fields += LoadResult.percentiles.map { Format.fixed(Double(latency(at: $0)) / 1e3, 1) }
        fields.append(Format.fixed(Double(latency.totalCount > 0 ? latency.max : 0) / 1e3, 1))
        fields.append(String(counters.totalErrors))
        fields.append(errorKindsField)
        // Send lag: open loop only (empty in closed loop).
        let lagged = sendLag.totalCount > 0
        fields.append(lagged ? Format.fixed(Double(sendLag(at: 50)) / 1e3, 1) : "")
        fields.append(lagged ? Format.fixed(Double(sendLag(at: 99)) / 1e3, 1) : "")
        fields.append(lagged ? Format.fixed(Double(sendLag.max) / 1e3, 1) : "")
        fields.append(sendLagWarning ? "yes" : "no")
        fields.append(negotiatedSubprotocols.keys.contains(where: { !$0.isEmpty }) ? subprotocolsSummary : "")
        fields.append(configuration.reply.rawValue)
        fields.append(String(counters.unsolicitedMessages))
        fields.append(String(counters.tlsHandshakes))
        fields.append(String(counters.tlsResumed))
        fields.append(configuration.protocolName)
        fields.append(String(configuration.http2 ? configuration.streamsPerConnection : 1))
        return fields.joined(separator: ",")
    }

    /// The kinds counted, as `name=count` separated by spaces (empty when none), for the CSV.
    var errorKindsField: String {
        LoadErrorKind.allCases.filter { counters[$0] > 0 }.map { "\($0.name)=\(counters[$0])" }.joined(separator: " ")
    }

    /// The result file: configuration, environment, throughput, percentiles, errors.
    public func json(environment: RunEnvironment) -> String {
        var w = JSONWriter()
        let c = configuration
        w.beginObject()
        w.string("tool", "wsbench load")
        w.double("start_unix", startWallClock)
        w.beginObject("configuration")
        w.string("target", c.target.description)
        w.beginArray("addresses")
        for address in addresses { w.string(nil, address.description) }
        w.endArray()
        // Header names only: their values are often credentials.
        w.beginArray("headers")
        for field in c.headers { w.string(nil, field.name) }
        w.endArray()
        w.string("origin", c.origin)
        w.beginArray("subprotocols")
        for name in c.subprotocols { w.string(nil, name) }
        w.endArray()
        w.string("reply", c.reply.rawValue)
        if c.target.isSecure {
            w.beginObject("tls")
            switch c.tlsVerification {
            case .systemTrustStore: w.string("verification", "system")
            case .certificateAuthorities(let file):
                w.string("verification", "ca_file")
                w.string("ca_file", file)
            case .none: w.string("verification", "none")
            }
            w.string("server_name", c.target.tlsServerName)
            w.endObject()
        } else {
            w.string("tls", nil)
        }
        w.int("threads", threads)
        w.beginArray("cpus")
        for cpu in c.cpus { w.int(nil, cpu) }
        w.endArray()
        w.int("connections", c.connections)
        w.string("protocol", c.protocolName)
        w.int("streams_per_connection", c.http2 ? c.streamsPerConnection : 1)
        w.int("websockets", c.webSocketCount)
        w.beginArray("sources")
        for source in c.sources { w.string(nil, source.host) }
        w.endArray()
        w.double("connect_rate", c.connectRate)
        w.double("warmup_seconds", c.warmupSeconds)
        if let count = c.messageCount { w.int("message_count", count) } else { w.double("duration_seconds", c.durationSeconds) }
        switch c.mode {
        case .closedLoop(let n):
            w.string("mode", "closed")
            w.int("in_flight", n)
        case .openLoop(let rate):
            w.string("mode", "open")
            w.double("rate", rate)
            w.int("open_loop_window", c.openLoopWindow)
            w.int("open_loop_batch_us", c.openLoopBatchMicroseconds)
            w.string("open_loop_timer", c.openLoopTimer.rawValue)
            w.int("open_loop_spin_margin_us", c.openLoopSpinMarginMicroseconds)
        }
        w.beginArray("sizes")
        for size in c.sizes { w.int(nil, size) }
        w.endArray()
        w.string("opcode", c.opcode == .text ? "text" : "binary")
        w.string("content", c.content.rawValue)
        if let compression = c.compression {
            w.beginObject("compression")
            w.string("offer", DeflateOfferText.offer(compression))
            w.string("library", compression.implementation?.rawValue ?? "auto")
            w.int("level", compression.compressionLevel)
            w.int("memory_level", compression.memoryLevel)
            w.int("minimum_message_size", compression.minimumMessageSize)
            w.endObject()
        } else {
            w.string("compression", nil)
        }
        w.string("masking_keys", "xoshiro256** seeded from getrandom, reseeded every 2^17 keys")
        w.endObject()
        w.beginObject("environment")
        w.string("hostname", environment.hostname)
        w.string("kernel", environment.kernel)
        w.string("cpu_model", environment.cpuModel)
        w.int("online_cpus", environment.onlineCPUs)
        w.string("masking_kernel", environment.maskingKernel)
        if let limit = fileLimit {
            w.uint("open_file_limit", limit.current)
            w.uint("open_file_hard_limit", limit.maximum)
        }
        w.endObject()
        w.beginObject("negotiated_extensions")
        for (value, count) in negotiatedExtensions.sorted(by: { $0.key < $1.key }) { w.int(value.isEmpty ? "none" : value, count) }
        w.endObject()
        w.beginObject("negotiated_subprotocols")
        for (value, count) in negotiatedSubprotocols.sorted(by: { $0.key < $1.key }) { w.int(value.isEmpty ? "none" : value, count) }
        w.endObject()
        w.beginObject("results")
        w.double("elapsed_seconds", elapsedSeconds)
        w.double("measured_seconds", measuredSeconds)
        w.int("connections_attempted", counters.connectionsAttempted)
        w.int("connections_opened", counters.connectionsOpened)
        w.int("messages_sent", counters.messagesSent)
        w.int("messages_echoed", counters.messagesReceived)
        w.int("measured_messages_sent", counters.measuredMessagesSent)
        w.int("measured_messages_echoed", counters.measuredMessagesReceived)
        w.int("unsolicited_messages", counters.unsolicitedMessages)
        w.int("measured_payload_bytes", counters.measuredPayloadBytes)
        w.int("bytes_written", counters.bytesWritten)
        w.int("bytes_read", counters.bytesRead)
        w.int("max_unsent_bytes", counters.maximumUnsentBytes)
        w.int("tls_handshakes", counters.tlsHandshakes)
        w.int("tls_resumed", counters.tlsResumed)
        w.double("messages_per_second", messagesPerSecond, digits: 1)
        w.double("megabytes_per_second", megabytesPerSecond)
        w.double("cpu_seconds", cpuSeconds)
        w.double("cpu_percent", cpuPercent, digits: 1)
        w.double("seconds_to_open_all", secondsToOpenAll)
        w.int("max_resident_bytes", maximumResidentBytes)
        w.endObject()
        writeHistogram(&w, "latency_ns", latency)
        // The load generator's own lateness: open loop only (null in closed loop).
        if case .openLoop = c.mode { writeHistogram(&w, "send_lag_ns", sendLag) } else { w.string("send_lag_ns", nil) }
        w.bool("send_lag_warning", sendLagWarning)
        writeHistogram(&w, "connect_ns", connectTime)
        writeHistogram(&w, "tls_ns", tlsTime)
        writeHistogram(&w, "handshake_ns", handshakeTime)
        w.beginObject("errors")
        for kind in LoadErrorKind.allCases { w.int(kind.name, counters[kind]) }
        w.int("total", counters.totalErrors)
        w.endObject()
        w.beginArray("notes")
        for note in notes { w.string(nil, note) }
        w.endArray()
        writeShardRecord(&w)
        w.endObject()
        return w.text + "\n"
    }

    private func writeHistogram(_ w: inout JSONWriter, _ name: String, _ h: LatencyHistogram) {
        w.beginObject(name)
        w.uint("count", h.totalCount)
        let empty = h.totalCount == 0
        w.uint("min", empty ? 0 : h.min)
        w.double("mean", empty ? 0 : h.mean, digits: 1)
        for p in LoadResult.percentiles { w.uint("p" + Format.trimmed(p), empty ? 0 : h.valueAtPercentile(p)) }
        w.uint("max", empty ? 0 : h.max)
        w.endObject()
    }
}
