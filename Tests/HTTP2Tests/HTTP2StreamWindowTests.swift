import EpollIO
import HTTP2
import Testing

/// Per-stream flow control as backpressure: a stream's window is given back only while its output is
/// under the high-water mark.
@Suite("HTTP2StreamWindow")
struct HTTP2StreamWindowTests {
    let marks = BackpressureWaterMarks(high: 1000, low: 100)

    @Test func bytesAreConsumedAtOnceWhileOutputIsLow() {
        var window = HTTP2StreamWindow()
        #expect(window.received(300, pendingOutput: 0, marks) == 300)
        #expect(window.received(300, pendingOutput: 1000, marks) == 300)
        #expect(!window.isPaused)
        #expect(window.deferredBytes == 0)
    }

    @Test func aboveTheHighMarkBytesAreHeldUntilOutputFallsToTheLowMark() {
        var window = HTTP2StreamWindow()
        #expect(window.received(300, pendingOutput: 1001, marks) == 0)
        #expect(window.isPaused)
        // Still paused even once output shrinks below high: only the low mark resumes.
        #expect(window.received(200, pendingOutput: 500, marks) == 0)
        #expect(window.deferredBytes == 500)
        #expect(window.outputShrank(pendingOutput: 500, marks) == 0)
        #expect(window.outputShrank(pendingOutput: 100, marks) == 500)
        #expect(!window.isPaused)
        #expect(window.deferredBytes == 0)
        #expect(window.received(10, pendingOutput: 0, marks) == 10)
    }

    @Test func shrinkingOutputWithoutAPauseReleasesNothing() {
        var window = HTTP2StreamWindow()
        #expect(window.outputShrank(pendingOutput: 0, marks) == 0)
    }
}
