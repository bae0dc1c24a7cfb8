import WebSocketCore

/// The frames about to be written to one connection (one `write` per connection and wake-up), and
/// a staging area where a payload is stamped before it is deflated. Owned by the loop, which
/// deallocates them.
struct SendBuffer {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    /// Room a single message frame may need.
    let frameRoom: Int
    /// Bytes `0 ..< used` wait to be written.
    var used = 0
    /// A stamped, unmasked copy of a payload, for compression.
    let staging: UnsafeMutableRawPointer

    /// Buffers for payloads of up to `largestPayload` bytes.
    init(largestPayload largest: Int) {
        frameRoom = largest + largest / 8 + 64 + FrameHeader.maximumLength
        capacity = max(256 << 10, 4 * frameRoom)
        base = .allocate(byteCount: capacity, alignment: 64)
        staging = .allocate(byteCount: largest + 64, alignment: 64)
    }

    func deallocate() {
        base.deallocate()
        staging.deallocate()
    }

    /// Where the next frame goes.
    @inline(__always)
    var end: UnsafeMutableRawPointer { base + used }

    /// Bytes still free.
    @inline(__always)
    var room: Int { capacity &- used }

    /// What waits to be written.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: used) }

    /// The whole buffer, for a handshake request.
    var whole: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: base, count: capacity) }
}
