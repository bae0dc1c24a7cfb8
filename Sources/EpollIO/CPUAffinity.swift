import CEpoll

/// Pinning threads to CPUs (`sched_setaffinity`).
public enum CPUAffinity {
    /// Pins the calling thread to `cpu`.
    public static func pinCurrentThread(to cpu: Int) throws(SocketError) {
        guard cepoll_pin_current_thread(Int32(cpu)) == 0 else { throw SocketError("sched_setaffinity") }
    }

    /// The CPUs (below 64) the calling thread may run on.
    public static func currentThreadCPUs() -> [Int] {
        let mask = cepoll_current_thread_cpu_mask()
        return (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
    }

    /// How many CPUs the calling thread may run on.
    public static func availableCount() -> Int {
        Int(cepoll_available_cpu_count())
    }
}
