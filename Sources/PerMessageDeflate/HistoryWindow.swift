/// The last 2^windowBits bytes of one direction's uncompressed stream: all that a connection has to
/// keep between messages for context takeover when the (de)compressor state itself is shared per
/// thread (``DeflateWorkspace``). Allocated on first use; 0 bytes without context takeover.
struct HistoryWindow {
    /// The window's size in bytes.
    let capacity: Int
    /// Storage (nil until the first message).
    private(set) var base: UnsafeMutableRawPointer?
    /// Valid bytes (the newest end at `count`).
    private(set) var count = 0

    init(windowBits: Int) {
        capacity = 1 << windowBits
    }

    /// The window's bytes (empty before the first message).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Bytes held.
    var allocatedBytes: Int { base == nil ? 0 : capacity }

    /// Slides `data` (what a message added to the stream) into the window.
    mutating func append(_ data: UnsafeRawBufferPointer) {
        guard data.count > 0 else { return }
        let storage: UnsafeMutableRawPointer
        if let base {
            storage = base
        } else {
            storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            base = storage
        }
        if data.count >= capacity {
            storage.copyMemory(from: data.baseAddress! + (data.count - capacity), byteCount: capacity)
            count = capacity
            return
        }
        let kept = min(count, capacity - data.count)
        if kept > 0 && kept < count { storage.copyMemory(from: storage + (count - kept), byteCount: kept) }
        (storage + kept).copyMemory(from: data.baseAddress!, byteCount: data.count)
        count = kept + data.count
    }

    /// Forgets the history (the stream starts afresh).
    mutating func reset() { count = 0 }

    /// Frees the storage.
    mutating func deallocate() {
        base?.deallocate()
        base = nil
        count = 0
    }
}
