import EpollIO
import WebSocketCore

/// Where a load connection is in its life.
enum LoadPhase: UInt8 {
    /// The table slot is unused.
    case free
    /// `connect` in progress (waiting for writable).
    case connecting
    /// Request sent, waiting for the 101.
    case handshaking
    /// Upgraded: sending and verifying messages.
    case open
    /// Our close frame is sent; waiting for the server's.
    case closing
}

/// The state of one load connection, kept in the loop's fd-indexed table.
///
/// Message *k* of a connection is stamped `connection << 40 | k`; its send time (closed loop) or
/// intended send time (open loop) sits in the loop's time ring at `slot·ringCapacity + k mod ringCapacity`
/// until its echo arrives. Echoes come back in order over one TCP connection, so `received` is
/// always the number of the next expected echo.
struct LoadConnection {
    var phase: LoadPhase = .free
    /// Whether EPOLLOUT is on (connecting, or unsent bytes wait in `outbound`).
    var watchingWritable = false
    /// permessage-deflate is in force.
    var compressed = false
    /// The slot's exchange is over (its quota echoed, or the connection gone).
    var isSettled = false
    /// Index in the thread's slot list.
    var slot: Int32 = -1
    /// The connection number across all threads (part of every stamp).
    var number: UInt64 = 0
    /// Open loop: messages given an intended send time (sent or still waiting to be). Closed loop: 0.
    var scheduled: UInt64 = 0
    /// Messages written (or queued in `outbound`).
    var sent: UInt64 = 0
    /// Echoes received.
    var received: UInt64 = 0
    /// Messages this connection sends in all (`UInt64.max`: until the duration ends).
    var quota: UInt64 = .max
    /// When the socket last took bytes while others waited in `outbound` (or first refused some):
    /// how long a stalled connection has been stuck (ns).
    var lastSendProgressAt: Int64 = 0
    /// When `connect` was called, then when the TCP connection was established (ns).
    var startedAt: Int64 = 0
    var connectedAt: Int64 = 0
    var reader: MessageReader
    var outbound = OutboundBuffer()
    /// A response head cut off at the end of a read.
    var parked = ParkedBytes()

    /// Messages sent or due whose echo has not arrived.
    var unanswered: UInt64 { max(scheduled, sent) &- received }

    init(maximumMessageLength: Int) {
        reader = MessageReader(role: .client, maximumMessageLength: maximumMessageLength)
    }
}
