import FuzzSupport
import WebSocketCore

/// The frame and message layer as a server reads it: masked frames, with and without
/// permessage-deflate. Input layout and properties: `FrameStreamConfiguration`, `FrameStreamProperties`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerFrames(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FrameStreamProperties.check(start, count, role: .server)
    return 0
}
