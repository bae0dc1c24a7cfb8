import EpollIO

extension ServerLoop {
    /// Sends what the batch holds to `fd`. Returns false if the connection was closed.
    @discardableResult
    func flush(_ fd: Int32) -> Bool {
        let c = connection(fd)
        let bytes = batch.byteCount
        let result = batch.flush(to: fd, via: c.pointee.transport, outbound: &c.pointee.outbound)
        counters.bytesSent &+= bytes
        switch result {
        case .drained:
            outputDrained(fd)
            return c.pointee.lifecycle.isInUse
        case .pending:
            var changed = false
            if !c.pointee.watchingWritable {
                c.pointee.watchingWritable = true
                changed = true
            }
            if !c.pointee.readingPaused && configuration.backpressure.shouldPauseReading(pendingBytes: c.pointee.outbound.pendingByteCount) {
                c.pointee.readingPaused = true
                counters.backpressurePauses &+= 1
                changed = true
            }
            if changed { updateInterest(fd) }
            return true
        case .error:
            perform(c.pointee.lifecycle.transportFailed(), on: fd)
            return false
        }
    }

    /// Nothing is left to send: stop watching for writability, resume reading, free the outbound
    /// storage, and tell the lifecycle (a final answer that has gone out leads to closing).
    func outputDrained(_ fd: Int32) {
        let c = connection(fd)
        if c.pointee.outbound.allocatedByteCount != 0 { c.pointee.outbound.release() }
        if c.pointee.releasesTLSBuffersWhenDrained {
            c.pointee.releasesTLSBuffersWhenDrained = false
            c.pointee.transport.releaseBuffers(fd)
        }
        if c.pointee.watchingWritable || c.pointee.readingPaused {
            c.pointee.watchingWritable = false
            c.pointee.readingPaused = false
            updateInterest(fd)
        }
        perform(c.pointee.lifecycle.outputDrained(at: now, timeouts), on: fd)
    }

    /// EPOLLOUT: sends more of what the connection's outbound buffer holds.
    func onWritable(_ fd: Int32) {
        let c = connection(fd)
        switch c.pointee.outbound.flush(to: fd, via: c.pointee.transport) {
        case .drained:
            outputDrained(fd)
        case .pending:
            if c.pointee.readingPaused && configuration.backpressure.shouldResumeReading(pendingBytes: c.pointee.outbound.pendingByteCount) {
                c.pointee.readingPaused = false
                updateInterest(fd)
            }
        case .error:
            perform(c.pointee.lifecycle.transportFailed(), on: fd)
        }
    }

    /// Updates the epoll interest of `fd` from its paused/watching flags.
    func updateInterest(_ fd: Int32) {
        let c = connection(fd)
        var events: EpollEvents = []
        if !c.pointee.readingPaused { events.insert(.readable) }
        if c.pointee.watchingWritable { events.insert(.writable) }
        try? epoll.modify(fd, events: events)
    }
}
