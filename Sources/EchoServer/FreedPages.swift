import Glibc

/// Gives the pages of freed memory back to the kernel now, rather than whenever malloc next gets
/// round to it.
///
/// jemalloc (the `wsbench` tool's malloc) returns freed pages only as it is called (no background
/// thread by default), so an idle server would keep the old block of a connection table that grew
/// in a burst (or shrank after one) resident for good: ~320 bytes per connection at 10,000
/// connections. The loops call this after their table moves to a new block (a few times per
/// burst, never per message). Under glibc's malloc (the test bundles) it does nothing: blocks that
/// large are mapped and unmapped on their own.
enum FreedPages {
    /// jemalloc's `mallctl`, when the process's malloc is jemalloc.
    private typealias MallocControl = @convention(c) (
        UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
    ) -> Int32

    private static let mallocControl: MallocControl? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return nil }
        return unsafeBitCast(symbol, to: MallocControl.self)
    }()

    /// Returns the freed pages of every jemalloc arena to the kernel.
    static func returnToKernel() {
        // 4096 is MALLCTL_ARENAS_ALL.
        _ = mallocControl?("arena.4096.purge", nil, nil, nil, 0)
    }
}
