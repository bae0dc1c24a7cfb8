import Harness
import Testing

/// The disturbance classifier on given figures, and the `/proc` texts it is fed from.
@Suite struct DisturbanceRuleTests {
    /// Counters with `cpu` and `wait` in seconds.
    func counters(cpu: Double, wait: Double, involuntary: Int64 = 0) -> SchedulingCounters {
        var c = SchedulingCounters()
        c.cpuNanoseconds = Int64(cpu * 1e9)
        c.runQueueWaitNanoseconds = Int64(wait * 1e9)
        c.involuntarySwitches = involuntary
        return c
    }

    /// A 10-second run on cores 0 and 1.
    func run(serverWait: Double = 0.01, loadWait: Double = 0.01, foreign: Double = 0.05, steal: Double = 0,
             realTime: Bool = false, serverCPU: Double = 5, loadCPU: Double = 5) -> RunDisturbance {
        RunDisturbance(
            elapsedSeconds: 10, server: counters(cpu: serverCPU, wait: serverWait), load: counters(cpu: loadCPU, wait: loadWait),
            cores: [0, 1], foreignNanoseconds: Int64(foreign * 1e9), stealNanoseconds: Int64(steal * 1e9), realTime: realTime,
            budget: RealTimeBudget(runtimeMicroseconds: 950_000, periodMicroseconds: 1_000_000))
    }

    let rule = DisturbanceRule()

    @Test func quietRunIsNotDisturbed() {
        #expect(rule.reasons(run()).isEmpty)
        // Saturating both cores is no disturbance by itself at normal priority.
        #expect(rule.reasons(run(serverCPU: 9.8, loadCPU: 9.8)).isEmpty)
    }

    @Test func runQueueWaitOfEitherSideIsFlagged() {
        let server = rule.reasons(run(serverWait: 0.5))
        #expect(server.count == 1 && server[0].hasPrefix("server waited for a CPU 5.0%"))
        let load = rule.reasons(run(loadWait: 1.2))
        #expect(load.count == 1 && load[0].hasPrefix("load waited for a CPU 12.0%"))
    }

    @Test func foreignCPUOnThePinnedCoresIsFlagged() {
        // 3 s of 20 core-seconds = 15 %.
        let reasons = rule.reasons(run(foreign: 3))
        #expect(reasons == ["other processes used 15.0% of CPU 0+1"])
        #expect(rule.reasons(run(foreign: 0.9)).isEmpty, "4.5 % is under the 5 % threshold")
        #expect(rule.reasons(run(steal: 1)) == ["steal 5.0%"])
    }

    @Test func realTimeAtTheBudgetIsFlaggedAsThrottling() {
        let throttled = rule.reasons(run(realTime: true, serverCPU: 9.4))
        #expect(throttled.count == 1 && throttled[0].hasPrefix("real-time throttling likely (94% of a core"))
        #expect(rule.reasons(run(realTime: true, serverCPU: 2.5, loadCPU: 3)).isEmpty, "an open loop at a moderate rate")
        #expect(rule.reasons(run(realTime: false, serverCPU: 9.4)).isEmpty)
        var unlimited = run(realTime: true, serverCPU: 9.9)
        unlimited.budget = RealTimeBudget(runtimeMicroseconds: -1, periodMicroseconds: 1_000_000)
        #expect(rule.reasons(unlimited).isEmpty)
    }

    @Test func thresholdsAreTheRules() {
        var strict = DisturbanceRule()
        strict.foreignCPUPercent = 1
        #expect(strict.reasons(run(foreign: 0.5)).count == 1)
        #expect(rule.reasons(run(serverWait: 0.5, loadWait: 0.5, foreign: 5)).count == 3)
    }

    @Test func parsesProcFigures() {
        let status = """
            Name:\twsbench
            State:\tS (sleeping)
            VmRSS:\t   15812 kB
            voluntary_ctxt_switches:\t122
            nonvoluntary_ctxt_switches:\t26

            """
        #expect(SchedulingCounters.involuntarySwitches(status: status) == 26)
        #expect(SchedulingCounters.involuntarySwitches(status: "Name:\tx\n") == 0)
        let schedstat = SchedulingCounters.schedstat("54513781 30120141 148\n")
        #expect(schedstat.cpu == 54_513_781 && schedstat.wait == 30_120_141)
        #expect(SchedulingCounters.migrations(sched: "se.nr_migrations                             :                   19\n") == 19)
        let stat = """
            cpu  182968 642 30591 71607 1017 0 4951 1720 0 0
            cpu0 89035 264 13617 40341 209 0 2320 894 0 0
            cpu1 93933 377 16973 31266 807 0 2631 825 0 0
            intr 1991415 0 0
            """
        let cpus = CPUTicks.parse(stat)
        #expect(cpus.count == 2)
        #expect(cpus[0] == CPUTicks(busy: 89035 + 264 + 13617, steal: 894))
        var later = cpus
        later[1] = CPUTicks(busy: cpus[1]!.busy + 50, steal: cpus[1]!.steal + 3)
        #expect(CPUTicks.delta(from: cpus, to: later, cpus: [0, 1]) == CPUTicks(busy: 50, steal: 3))
        #expect(CPUTicks.delta(from: cpus, to: later, cpus: [0]) == CPUTicks())
    }
}
