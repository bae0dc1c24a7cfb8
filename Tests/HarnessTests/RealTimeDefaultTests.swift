@testable import Harness
import Testing

/// Real-time priority is an option, not the default: latency figures are taken at normal priority.
@Suite struct RealTimeDefaultTests {
    @Test func matrixDoesNotAskForRealTimeByDefault() {
        #expect(MatrixConfiguration().realTime == false)
    }

    @Test func childIsNotSpawnedAtSCHEDRRWithoutRealTime() {
        #expect(ChildProcess.schedulingAttempts(realTime: false) == [false])
        #expect(ChildProcess.schedulingAttempts(realTime: true) == [true, false])
    }

    @Test func budgetKnowsWhenItThrottles() {
        let usual = RealTimeBudget(runtimeMicroseconds: 950_000, periodMicroseconds: 1_000_000)
        #expect(usual.throttles && usual.percent == 95)
        #expect(!RealTimeBudget(runtimeMicroseconds: -1, periodMicroseconds: 1_000_000).throttles)
    }
}
