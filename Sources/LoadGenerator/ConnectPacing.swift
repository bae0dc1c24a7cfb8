/// The ramp-up of one thread's connections: which slot connects next and when (`--connect-rate`),
/// whether connecting stopped, and when connects in progress are next checked for their timeout.
struct ConnectPacing {
    /// At most this many connects in progress at once.
    static let maximumInProgress = 256

    let slotCount: Int
    /// Nanoseconds between two connects of this thread (0: as fast as possible).
    let step: Int64
    /// Slots `0 ..< nextSlot` have been attempted.
    private(set) var nextSlot = 0
    var nextAt: Int64
    /// No more connects (sending ended, or no descriptor left).
    private(set) var isStopped = false
    var nextTimeoutScan: Int64 = 0

    init(slotCount: Int, start: Int64, connectRate: Double, connections: Int) {
        self.slotCount = slotCount
        let perThreadRate = connectRate * Double(slotCount) / Double(connections)
        step = perThreadRate > 0 ? Int64(1e9 / perThreadRate) : 0
        nextAt = start
    }

    /// Whether every slot has been attempted.
    var allAttempted: Bool { nextSlot >= slotCount }

    /// The slot to connect now, if the rate, the in-progress cap and what is left allow one.
    mutating func next(now: Int64, inProgress: Int) -> Int? {
        guard nextSlot < slotCount, !isStopped, inProgress < Self.maximumInProgress else { return nil }
        if step > 0 {
            guard now >= nextAt else { return nil }
            nextAt += step
        }
        nextSlot += 1
        return nextSlot - 1
    }

    /// Stops connecting; with `skipRest`, the slots not yet attempted are given up (and returned).
    mutating func stop(skipRest: Bool = false) -> Int {
        isStopped = true
        guard skipRest else { return 0 }
        let rest = slotCount - nextSlot
        nextSlot = slotCount
        return rest
    }

    /// When the next paced connect is due, if one is.
    var wakeAt: Int64? {
        nextSlot < slotCount && !isStopped && step > 0 ? nextAt : nil
    }
}
