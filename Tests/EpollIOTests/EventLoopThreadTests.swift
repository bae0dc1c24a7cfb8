import EpollIO
import Synchronization
import Testing

@Suite("EventLoopThreadGroup")
struct EventLoopThreadTests {
    @Test("Loops blocked in epoll_wait stop when asked, via their eventfd")
    func startAndStop() throws {
        let started = Atomic<Int>(0)
        let stopped = Atomic<Int>(0)
        let indexSum = Atomic<Int>(0)
        let cpu = CPUAffinity.currentThreadCPUs().first ?? 0
        let pinnedCorrectly = Atomic<Int>(0)
        // Each loop signals this eventfd once it is about to block in epoll_wait.
        let ready = try EventLoopWaker()
        defer { ready.close() }
        let group = try EventLoopThreadGroup.start(count: 2, cpus: [cpu, cpu]) { loop in
            if CPUAffinity.currentThreadCPUs() == [cpu] { pinnedCorrectly.add(1, ordering: .relaxed) }
            guard let epoll = try? Epoll(maximumEventsPerWait: 4),
                  (try? epoll.add(loop.waker.fileDescriptor, events: .readable, userData: 1)) != nil
            else { return }
            indexSum.add(loop.index, ordering: .relaxed)
            started.add(1, ordering: .releasing)
            ready.wake()
            // Blocks with no timeout: only the waker can end this loop.
            while !loop.isStopRequested {
                guard let ready = try? epoll.wait(timeoutMilliseconds: -1) else { return }
                for event in ready where event.userData == 1 { loop.waker.drain() }
            }
            stopped.add(1, ordering: .releasing)
        }
        // Bounded wait for both loops to reach their loop.
        let epoll = try Epoll(maximumEventsPerWait: 1)
        try epoll.add(ready.fileDescriptor, events: .readable, userData: 0)
        var waits = 0
        while started.load(ordering: .acquiring) < 2, waits < 10 {
            waits += 1
            _ = try epoll.wait(timeoutMilliseconds: 500)
            ready.drain()
        }
        #expect(started.load(ordering: .acquiring) == 2)
        group.requestStop()
        group.join()
        #expect(stopped.load(ordering: .acquiring) == 2)
        #expect(indexSum.load(ordering: .relaxed) == 1)
        #expect(pinnedCorrectly.load(ordering: .relaxed) == 2)
        let allAsked = group.loops.allSatisfy { $0.isStopRequested }
        #expect(allAsked)
    }

    @Test("Pinning a thread to a CPU outside the set fails with an error")
    func badCPU() {
        #expect(throws: SocketError.self) {
            try CPUAffinity.pinCurrentThread(to: 100_000)
        }
    }
}
