import BenchSupport
import Testing

@testable import LoadGenerator

/// The load generator's own send lag (open loop): recorded per message sent, written to the JSON,
/// CSV and `.hlog`, warned about; the precise sender's decision. Behaviour only, no timing.
@Suite("Send lag and the precise open-loop sender")
struct SendLagTests {
    @Test("the precise sender sleeps until the margin, spins inside it and sends when due")
    func sendDecision() {
        #expect(SendDecision.at(now: 1_000, due: 1_000, margin: 100) == .send)
        #expect(SendDecision.at(now: 1_050, due: 1_000, margin: 100) == .send)  // late: at once
        #expect(SendDecision.at(now: 999, due: 1_000, margin: 100) == .spin)
        #expect(SendDecision.at(now: 900, due: 1_000, margin: 100) == .spin)  // exactly the margin away
        #expect(SendDecision.at(now: 899, due: 1_000, margin: 100) == .sleep(until: 900))
        #expect(SendDecision.at(now: 0, due: 1_000, margin: 0) == .sleep(until: 1_000))
    }

    @Test("the pacer with a spin margin arms the timer margin-early, then spins, then sends")
    func pacerWithMargin() {
        var p = OpenLoopPacer(rate: 1000, quota: 2, timerDescriptor: -1)
        p.schedule = OpenLoopSchedule(start: 0, rate: 1000, slots: 1, connections: 1, thread: 0, threads: 1)
        #expect(p.step(now: 0, sendUntil: .max, batch: 0, margin: 100_000) == .due(0))
        p.advance()
        #expect(p.step(now: 0, sendUntil: .max, batch: 0, margin: 100_000) == .armTimer(900_000))
        p.timerArmedFor = 900_000
        #expect(p.step(now: 10, sendUntil: .max, batch: 0, margin: 100_000) == .wait)
        #expect(p.step(now: 900_000, sendUntil: .max, batch: 0, margin: 100_000) == .spin)
        #expect(p.step(now: 1_000_000, sendUntil: .max, batch: 0, margin: 100_000) == .due(1_000_000))
        // Batching keeps the timerfd behaviour whatever the margin.
        p.timerArmedFor = 0
        #expect(p.step(now: 0, sendUntil: .max, batch: 5_000_000, margin: 100_000) == .armTimer(5_000_000))
    }

    @Test("the warning: send lag p99 above a tenth of latency p50, never without latency")
    func warning() {
        #expect(SendLagWarning.applies(sendLagP99: 10_001, latencyP50: 100_000))
        #expect(!SendLagWarning.applies(sendLagP99: 10_000, latencyP50: 100_000))
        #expect(!SendLagWarning.applies(sendLagP99: 0, latencyP50: 100_000))  // closed loop
        #expect(!SendLagWarning.applies(sendLagP99: 5_000, latencyP50: 0))
    }

    @Test(
        "open loop records one send lag per message sent, in the JSON, CSV and .hlog",
        arguments: [OpenLoopTimer.precise, .timerfd])
    func openLoopRecords(timer: OpenLoopTimer) throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 3
            c.messageCount = 300
            c.mode = .openLoop(messagesPerSecond: 3_000)
            c.openLoopTimer = timer
            c.keepIntervalHistograms = true
            c.reportIntervalSeconds = 0.05
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent == 300)
        #expect(result.sendLag.totalCount == 300)
        #expect(result.sendLag.totalCount == UInt64(result.counters.measuredMessagesSent))
        let files = WrittenResults(result)
        #expect(files.problems.isEmpty)
        #expect(files.json.contains("\"send_lag_ns\":{\"count\":300,"))
        #expect(files.json.contains("\"send_lag_warning\":\(result.sendLagWarning)"))
        #expect(files.json.contains("\"open_loop_timer\":\"\(timer.rawValue)\""))
        let csv = files.csvFields
        #expect(csv["send_lag_p99_us"] == Format.fixed(Double(result.sendLag(at: 99)) / 1e3, 1))
        #expect(csv["send_lag_max_us"] == Format.fixed(Double(result.sendLag.max) / 1e3, 1))
        #expect(csv["send_lag_warning"] == (result.sendLagWarning ? "yes" : "no"))
        let lags = try #require(HistogramLog.parse(files.histogramLog, tag: LoadResult.sendLagTag))
        var merged = LatencyHistogram.makeLatency()
        for interval in lags.intervals { merged.add(interval.histogram) }
        #expect(merged.totalCount == 300)
        #expect(merged.max == result.sendLag.max)
        // The untagged lines are still exactly the latencies.
        #expect(files.loggedLatencyCount == 300)
        if result.sendLagWarning { #expect(result.summary.contains("warning     the load generator's own send lag")) }
        #expect(result.summary.contains("send lag"))
    }

    @Test("closed loop reports no send lag: empty histogram, null in the JSON, empty in the CSV, untagged .hlog")
    func closedLoopHasNone() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 100
            c.keepIntervalHistograms = true
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent == 100)
        #expect(result.sendLag.totalCount == 0)
        #expect(!result.sendLagWarning)
        let files = WrittenResults(result)
        #expect(files.json.contains("\"send_lag_ns\":null"))
        #expect(files.json.contains("\"send_lag_warning\":false"))
        #expect(files.csvFields["send_lag_p99_us"] == "")
        #expect(!files.histogramLog.contains("Tag="))
        #expect(!result.summary.contains("send lag"))
    }
}
