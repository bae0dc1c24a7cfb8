import CEpoll
import EpollIO
import Testing

@Suite("Epoll event decoding")
struct EpollLayoutTests {
    @Test("Swift sees the same packed epoll_event layout as C")
    func layoutMatchesC() {
        #expect(MemoryLayout<epoll_event>.stride == Int(cepoll_epoll_event_size))
        #if arch(x86_64)
        #expect(cepoll_epoll_event_size == 12)
        #expect(cepoll_epoll_event_data_offset == 4)
        #endif
    }

    @Test("An eventfd registered with a datum is reported with that datum and .readable")
    func reportsUserData() throws {
        let epoll = try Epoll(maximumEventsPerWait: 8)
        let first = try EventLoopWaker()
        let second = try EventLoopWaker()
        defer { first.close(); second.close() }
        try epoll.add(first.fileDescriptor, events: .readable, userData: 0xDEAD_BEEF_0000_0001)
        try epoll.add(second.fileDescriptor, events: .readable, userData: 0x1234_5678_9ABC_DEF0)
        #expect(try epoll.wait(timeoutMilliseconds: 0).isEmpty)

        first.wake()
        second.wake()
        let ready = try epoll.wait(timeoutMilliseconds: 1000)
        #expect(ready.count == 2)
        #expect(Set(ready.map(\.userData)) == [0xDEAD_BEEF_0000_0001, 0x1234_5678_9ABC_DEF0])
        for event in ready { #expect(event.events == .readable) }

        #expect(first.drain() == 1)
        try epoll.modify(second.fileDescriptor, events: [.readable, .edgeTriggered], userData: 7)
        let again = try epoll.wait(timeoutMilliseconds: 1000)
        #expect(again.map(\.userData) == [7])
        try epoll.remove(second.fileDescriptor)
        #expect(try epoll.wait(timeoutMilliseconds: 0).isEmpty)
    }

    @Test("Removing an unregistered fd reports ENOENT with the operation name")
    func removeUnregistered() throws {
        let epoll = try Epoll()
        let waker = try EventLoopWaker()
        defer { waker.close() }
        do {
            try epoll.remove(waker.fileDescriptor)
            Issue.record("remove of an unregistered fd succeeded")
        } catch {
            #expect(error.errorNumber == 2)  // ENOENT
            #expect(error.description.hasPrefix("epoll_ctl(DEL) failed: "))
        }
    }
}
