import CEpoll
import EpollIO
import Testing

@Suite("Process set-up")
struct ProcessSetupTests {
    @Test("RLIMIT_NOFILE is raised to the hard limit")
    func raisesOpenFileLimit() throws {
        let limit = try OpenFileLimit.raiseToMaximum()
        #expect(limit.current == limit.maximum)
        #expect(limit.current > 0)
        #expect(try OpenFileLimit.raiseToMaximum() == limit)
    }

    @Test("A blocked SIGTERM sent to this thread is read from the signalfd")
    func signalfdReportsTermination() throws {
        TerminationSignals.ignoreBrokenPipe()
        try TerminationSignals.blockInCurrentThread()
        defer { try? TerminationSignals.unblockInCurrentThread() }
        let fd = try TerminationSignals.makeFileDescriptor()
        defer { Socket.close(fd) }
        #expect(try TerminationSignals.read(fd) == nil)
        // raise() targets this thread, where SIGTERM is blocked: it stays pending.
        #expect(cepoll_raise(15) == 0)
        #expect(try TerminationSignals.read(fd) == 15)
        #expect(try TerminationSignals.read(fd) == nil)
    }
}
