import CLoadGenerator
import EpollIO

extension LoadLoop {
    /// Open loop: gives every message that has fallen due an intended send time and sends it (or
    /// leaves it queued behind unsent bytes), then arms the timer for the next one.
    ///
    /// The thread's messages are evenly spaced (see ``OpenLoopSchedule``) and go to its open
    /// connections in turn. The schedule starts once the thread's connections have all been attempted.
    func runSchedule() {
        spinning = false
        guard case .openLoop(var pacer) = pacing, stages.stage == .running else { return }
        defer { pacing = .openLoop(pacer) }
        if pacer.schedule == nil {
            guard connecting.allAttempted && connections.inProgress == 0 else { return }
            pacer.schedule = OpenLoopSchedule(
                start: now, rate: pacer.rate, slots: connections.slotCount, connections: configuration.webSocketCount,
                thread: thread.index, threads: plan.threads, shard: plan.shard)
        }
        let slotCount = connections.slotCount
        guard slotCount > 0 else { return }
        let window = UInt64(configuration.openLoopWindow)
        let batch = Int64(configuration.openLoopBatchMicroseconds) * 1000
        while true {
            switch pacer.step(now: now, sendUntil: plan.sendUntil, batch: batch, margin: spinMargin) {
            case .finished, .wait:
                return
            case .spin:
                spinning = true
                return
            case .armTimer(let wake):
                _ = wsb_timerfd_arm_absolute(pacer.timerDescriptor, wake)
                pacer.timerArmedFor = wake
                return
            case .due(let due):
                guard let fd = openConnection(startingAt: Int(pacer.count % UInt64(slotCount))) else { return }
                let c = connections[fd]
                if c.pointee.scheduled &- c.pointee.received >= window {
                    counters.count(.scheduleOverflow)
                } else {
                    connections.time(c, c.pointee.scheduled).pointee = due
                    c.pointee.scheduled &+= 1
                    outstanding &+= 1
                    if c.pointee.outbound.isEmpty { sendBacklog(fd) }
                }
                pacer.advance()
            }
        }
    }

    /// The first open connection at or after slot `start` (cyclically), or nil if none is open.
    func openConnection(startingAt start: Int) -> Int32? {
        let slotCount = connections.slotCount
        var slot = start
        for _ in 0..<slotCount {
            let fd = connections.descriptor(slot: slot)
            if fd >= 0 && connections[fd].pointee.lifecycle.isOpen { return fd }
            slot += 1
            if slot == slotCount { slot = 0 }
        }
        return nil
    }

    /// Whether this thread has nothing more to send.
    var sendingComplete: Bool {
        if connections.settled >= connections.slotCount && connecting.allAttempted { return true }
        switch pacing {
        case .closedLoop:
            return false
        case .openLoop(let pacer):
            return pacer.isComplete || (pacer.schedule != nil && connections.openCount == 0)
        }
    }
}
