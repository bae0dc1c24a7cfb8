import LoadGenerator
import Testing

@Suite("Open loop")
struct OpenLoopTests {
    @Test("the schedule spaces messages evenly and the threads' schedules add up to the rate")
    func scheduleKeepsRate() {
        let rate = 10_000.0
        let threads = 3
        let connections = 100
        var dues: [Int64] = []
        for thread in 0..<threads {
            let slots = connections / threads + (thread < connections % threads ? 1 : 0)
            let schedule = OpenLoopSchedule(start: 0, rate: rate, slots: slots, connections: connections, thread: thread, threads: threads)
            var n: UInt64 = 0
            while schedule.due(n) < 1_000_000_000 {
                if n > 0 { #expect(abs(Double(schedule.due(n) - schedule.due(n - 1)) - schedule.step) <= 1) }
                dues.append(schedule.due(n))
                n += 1
            }
        }
        // One second of schedule holds the rate's worth of messages (± one per thread for rounding).
        #expect(abs(dues.count - Int(rate)) <= threads)
    }

    @Test("a message-count run sends exactly that many and times each from its intended send")
    func countRun() throws {
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.threads = 2
            c.connections = 4
            c.messageCount = 300
            c.mode = .openLoop(messagesPerSecond: 3_000)
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent == 300)
        #expect(result.counters.messagesReceived == 300)
        #expect(result.latency.totalCount == 300)
        #expect(result.counters.totalErrors == 0)
    }

    @Test("a duration run never sends more than the schedule allows")
    func durationRunBounded() throws {
        let rate = 2_000.0
        let duration = 0.5
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 4
            c.durationSeconds = duration
            c.mode = .openLoop(messagesPerSecond: rate)
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent > 0)
        #expect(result.counters.messagesSent <= Int(rate * duration) + 1)
        #expect(result.counters.messagesReceived == result.counters.messagesSent)
    }

    @Test("a batch interval sends messages late in groups, all of them, timed from their intended sends")
    func batchedWakeUps() throws {
        // 400 msg/s = one due every 2.5 ms; waking at most every 20 ms sends them in groups of ~8,
        // most of them several milliseconds after they fell due.
        let result = try withEchoServer { server in
            var c = testConfiguration(port: server.port)
            c.connections = 2
            c.messageCount = 200
            c.mode = .openLoop(messagesPerSecond: 400)
            c.openLoopBatchMicroseconds = 20_000
            return try runLoad(c)
        }
        #expect(result.counters.messagesSent == 200)
        #expect(result.counters.messagesReceived == 200)
        #expect(result.counters.totalErrors == 0)
        // Unbatched, a loopback echo's p75 is well under a millisecond; here the wait counts.
        #expect(result.latency.valueAtPercentile(75) >= 4_000_000)
    }
}
