import CEpoll

/// SIGINT/SIGTERM handling without signal handlers, and SIGPIPE ignored.
///
/// Block SIGINT and SIGTERM in the main thread before starting loop threads (they
/// inherit the mask, so no loop is ever interrupted); then either `wait()` for one on
/// the main thread, or put a `makeFileDescriptor()` signalfd in an epoll set and
/// `read` it when it becomes readable.
public enum TerminationSignals {
    /// Ignores SIGPIPE process-wide (writes to a closed peer then fail with `EPIPE`).
    public static func ignoreBrokenPipe() {
        _ = cepoll_ignore_sigpipe()
    }

    /// Blocks SIGINT and SIGTERM in the calling thread and in threads it starts later.
    public static func blockInCurrentThread() throws(SocketError) {
        guard cepoll_block_termination_signals() == 0 else { throw SocketError("pthread_sigmask") }
    }

    /// Unblocks SIGINT and SIGTERM in the calling thread.
    public static func unblockInCurrentThread() throws(SocketError) {
        guard cepoll_unblock_termination_signals() == 0 else { throw SocketError("pthread_sigmask") }
    }

    /// Creates a non-blocking signalfd that becomes readable on SIGINT/SIGTERM
    /// (which must be blocked). Close it with `Socket.close`.
    public static func makeFileDescriptor() throws(SocketError) -> Int32 {
        let fd = cepoll_termination_signalfd(1)
        guard fd >= 0 else { throw SocketError("signalfd") }
        return fd
    }

    /// Reads one signal from a signalfd: its number, or nil if none is pending.
    public static func read(_ signalFileDescriptor: Int32) throws(SocketError) -> Int32? {
        let signal = cepoll_signalfd_read(signalFileDescriptor)
        if signal < 0 { throw SocketError("read(signalfd)") }
        return signal == 0 ? nil : signal
    }

    /// Blocks until SIGINT or SIGTERM arrives (they must be blocked) and returns it.
    public static func wait() throws(SocketError) -> Int32 {
        let signal = cepoll_wait_termination_signal()
        guard signal > 0 else { throw SocketError("sigwait") }
        return signal
    }
}
