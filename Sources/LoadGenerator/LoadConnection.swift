import EpollIO
import PerMessageDeflate
import WebSocketCore

/// What the hot path needs of one load connection: its row in the loop's fd-indexed table.
///
/// Message *k* of a connection is stamped `connection << 40 | k`; its send time (closed loop) or
/// intended send time (open loop) sits in the loop's time ring at `timeBase + k & ringMask`
/// (``LoadConnections/time(_:_:)``) until its echo arrives. Echoes come back in order over one TCP
/// connection, so `received` is always the number of the next expected echo. What only connecting
/// needs is in the slot's ``LoadSlot``.
struct LoadConnection {
    var lifecycle = ConnectionLifecycle()
    /// Whether EPOLLOUT is on (connecting, or unsent bytes wait in `outbound`).
    var watchingWritable = false
    /// The slot's exchange is over (its quota echoed, or the connection gone).
    var isSettled = false
    /// Index in the thread's slot list (-1: a vacant row).
    var slot: Int32 = -1
    /// The connection number across all threads (part of every stamp).
    var number: UInt64 = 0
    /// Where the slot's stretch of the time ring starts (`slot << ringShift`).
    var timeBase = 0
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
    /// How bytes cross the socket; every read, write and close of the descriptor goes through it.
    var transport = Transport.plainTCP
    /// permessage-deflate state, when it was negotiated.
    var session: DeflateSession? = nil
    var reader: MessageReader
    var outbound = OutboundBuffer()
    /// A response head cut off at the end of a read.
    var parked = ParkedBytes()

    /// Whether permessage-deflate is in force.
    @inline(__always)
    var isCompressed: Bool { session != nil }

    /// Messages sent or due whose echo has not arrived.
    var unanswered: UInt64 { max(scheduled, sent) &- received }

    init(maximumMessageLength: Int) {
        reader = MessageReader(role: .client, maximumMessageLength: maximumMessageLength)
    }
}

/// The cold part of a slot: its descriptor (how the loop walks its connections) and what only
/// connecting and handshaking need.
struct LoadSlot {
    /// The descriptor of the slot's connection, -1 when it has none.
    var fd: Int32 = -1
    /// When `connect` was called, then when the TCP connection was established (ns).
    var startedAt: Int64 = 0
    var connectedAt: Int64 = 0
    /// The upgrade request in flight, until the 101 is accepted.
    var handshake: ClientHandshake? = nil
}
