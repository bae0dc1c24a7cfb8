import EpollIO
import WebSocketCore

/// What a connection needs only until its HTTP request head has been answered: the parser's
/// progress and the part of the head cut off at the end of a read.
///
/// Allocated on accept and freed when the head is answered (upgrade or HTTP response) or the
/// connection goes, so that an open WebSocket's slot holds only a pointer's worth of it (nil).
final class PendingHandshake {
    var parser: HTTPRequestParser
    /// A request head cut off at the end of a read.
    var parked = ParkedBytes()

    init(maximumHeadSize: Int) {
        parser = HTTPRequestParser(maximumHeadSize: maximumHeadSize)
    }

    deinit { parked.release() }
}
