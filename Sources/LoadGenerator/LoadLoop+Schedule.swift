import CLoadGenerator
import EpollIO

extension LoadLoop {
    /// Open loop: gives every message that has fallen due an intended send time and sends it (or
    /// leaves it queued behind unsent bytes), then arms the timer for the next one.
    ///
    /// The thread's messages are evenly spaced (see ``OpenLoopSchedule``) and go to its open
    /// connections in turn. The schedule starts once the thread's connections have all been attempted.
    func runSchedule() {
        guard stage == .running else { return }
        if !scheduleStarted {
            guard nextSlotToConnect == slotCount && inProgress == 0 else { return }
            scheduleStarted = true
            schedule = OpenLoopSchedule(
                start: now, rate: openLoopRate, slots: slotCount, connections: configuration.connections,
                thread: thread.index, threads: plan.threads)
        }
        guard slotCount > 0 else { return }
        let window = UInt64(configuration.openLoopWindow)
        while scheduleCount < scheduleQuota {
            let due = schedule.due(scheduleCount)
            if due >= plan.sendUntil { return }
            if due > now {
                // With a batch interval, wake no sooner than that after now (what falls due
                // meanwhile goes out together); an armed timer is kept, it is never later than needed.
                let batch = Int64(configuration.openLoopBatchMicroseconds) * 1000
                let wake = batch > 0 ? max(due, now + batch) : due
                if batch > 0 ? timerArmedFor == 0 : timerArmedFor != due {
                    _ = wsb_timerfd_arm_absolute(timerDescriptor, wake)
                    timerArmedFor = wake
                }
                return
            }
            guard let fd = openConnection(startingAt: Int(scheduleCount % UInt64(slotCount))) else { return }
            let c = connection(fd)
            if c.pointee.scheduled &- c.pointee.received >= window {
                counters.count(.scheduleOverflow)
            } else {
                timeSlot(c, c.pointee.scheduled).pointee = due
                c.pointee.scheduled &+= 1
                outstanding &+= 1
                if c.pointee.outbound.isEmpty { sendBacklog(fd) }
            }
            scheduleCount &+= 1
        }
    }

    /// The first open connection at or after slot `start` (cyclically), or nil if none is open.
    func openConnection(startingAt start: Int) -> Int32? {
        var slot = start
        for _ in 0..<slotCount {
            let fd = slotDescriptors[slot]
            if fd >= 0 && connection(fd).pointee.phase == .open { return fd }
            slot += 1
            if slot == slotCount { slot = 0 }
        }
        return nil
    }

    /// Whether this thread has nothing more to send.
    var sendingComplete: Bool {
        if settled >= slotCount && nextSlotToConnect >= slotCount { return true }
        if openLoop {
            return scheduleCount >= scheduleQuota
                || (scheduleStarted && openCount == 0)
        }
        return false
    }
}
