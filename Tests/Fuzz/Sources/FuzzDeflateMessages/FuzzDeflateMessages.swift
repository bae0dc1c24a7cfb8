import FuzzSupport
import PerMessageDeflate
import WebSocketCore

/// permessage-deflate end to end, with the compression done here: zlib is not instrumented, so
/// libFuzzer cannot learn to write DEFLATE streams by itself; this target turns the input into
/// messages, compresses them with `MessageDeflater` under the negotiated parameters, fragments
/// them (with pings between fragments) and reads the stream back like `FuzzServerFrames` /
/// `FuzzClientFrames`. Input layout: `GeneratedMessageStream`.
///
/// Properties: in one read and in pieces (with inflation in pieces), the reader delivers exactly the
/// messages sent, with the pings where they were sent, up to the first message that must fail: a
/// compressed message whose inflated size exceeds the cap (1009), or text that is not UTF-8 (1007,
/// at its first invalid byte when sent uncompressed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeflateMessages(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let stream = GeneratedMessageStream(&input)
    let configuration = stream.configuration
    Trace.print("\(configuration), level \(stream.level), memLevel \(stream.memoryLevel): \(stream.bytes.count) bytes")
    Trace.print("expected:  \(stream.expectedEvents)")

    let whole = FrameStreamRun(
        stream.bytes, readSizes: stream.bytes.isEmpty ? [] : [stream.bytes.count], inflatesInPieces: false,
        configuration: configuration)
    Trace.print("delivered: \(whole.deliveredEvents)")
    require(whole.deliveredEvents == stream.expectedEvents, "one read (\(configuration)):\n  \(whole.deliveredEvents)\n  expected \(stream.expectedEvents)")
    let pieces = FrameStreamRun(
        stream.bytes, readSizes: configuration.readPattern.sizes(covering: stream.bytes.count), inflatesInPieces: true,
        configuration: configuration)
    require(pieces.deliveredEvents == stream.expectedEvents, "in pieces (\(configuration)):\n  \(pieces.deliveredEvents)\n  expected \(stream.expectedEvents)")
    return 0
}
