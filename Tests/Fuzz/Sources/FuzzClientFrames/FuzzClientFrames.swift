import FuzzSupport
import WebSocketCore

/// The frame and message layer as a client reads it: unmasked frames, with and without
/// permessage-deflate. Input layout and properties: `FrameStreamConfiguration`, `FrameStreamProperties`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientFrames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FrameStreamProperties.check(start, count, role: .client)
    return 0
}
