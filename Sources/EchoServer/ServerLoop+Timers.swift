import EpollIO
import WebSocketCore

extension ServerLoop {
    /// Handles every timer that has come due, resumes accepting after a pause, and gives table
    /// memory back once the highest open descriptor has fallen well below the table's size.
    func runTimers() {
        while let index = wheel.nextExpired(now: now) {
            timerFired(index)
        }
        table.shrink(toFit: highestDescriptor)
        if table.capacity != tableCapacityReturned {
            // The table moved to a new block (it grew in a burst or shrank after one): hand the
            // old block's pages back, or an idle process keeps them.
            tableCapacityReturned = table.capacity
            FreedPages.returnToKernel()
        }
        if let until = acceptPausedUntil, now >= until, !shuttingDown {
            acceptPausedUntil = nil
            try? epoll.modify(listener, events: .readable)
        }
    }

    /// `fd`'s timer came due: its lifecycle decides (handshake timeout, ping, idle close, close
    /// timeout, or simply a later check).
    func timerFired(_ fd: Int32) {
        guard table.contains(fd) else { return }
        if connection(fd).pointee.isHTTP2 {
            http2TimerFired(fd)
            return
        }
        perform(connection(fd).pointee.lifecycle.timerFired(at: now, timeouts), on: fd)
    }

    /// Stops accepting and says goodbye (1001) to every upgraded connection; connections still in
    /// their handshake go at once.
    func beginShutdown() {
        shuttingDown = true
        shutdownDeadline = now &+ configuration.shutdownTimeoutMilliseconds
        try? epoll.remove(listener)
        Socket.close(listener)
        listener = -1
        guard highestDescriptor >= 0 else { return }
        for fd in 0...highestDescriptor {
            perform(connection(fd).pointee.lifecycle.shutdownRequested(at: now, timeouts), on: fd)
        }
    }

    /// At the very end: drop whatever is still open.
    func closeEverything() {
        if highestDescriptor >= 0 {
            for fd in 0...highestDescriptor where connection(fd).pointee.lifecycle.isInUse {
                closeConnection(fd, abrupt: true)
            }
        }
        if listener >= 0 { Socket.close(listener) }
    }
}
