import EpollIO
import HTTP2
import PerMessageDeflate

/// One load thread's `--http2` state: its carriers (TCP connections, by descriptor), a stream row per
/// WebSocket slot, the request header block every stream sends, and the nghttp2 callbacks. Only the
/// owning ``LoadLoop`` touches it.
final class HTTP2LoadState {
    /// WebSockets per carrier (K).
    let streamsPerConnection: Int
    var carriers = DescriptorTable(vacant: HTTP2Carrier())
    /// One row per slot.
    let streams: UnsafeMutablePointer<HTTP2StreamRow>
    let slotCount: Int
    /// Per group of K slots: its carrier's descriptor (-1: not opened yet), and why it failed, if it did.
    var groupCarrier: [Int32]
    var groupFailure: [LoadErrorKind?]
    let headers: ClientHeaderBlock
    let callbacks: ClientSessionCallbacks
    /// The carrier inside `mem_recv` (-1: none): callbacks must not close it.
    var activeCarrier: Int32 = -1
    /// Streams whose WebSocket closed, waiting for the server's END_STREAM.
    var lingering = 0
    var nextLingerScan: Int64 = 0
    /// How long a closed WebSocket's stream waits for the server's END_STREAM before RST_STREAM(CANCEL):
    /// a second, or half the close timeout if that is shorter (so the closing stage ends on its own).
    let lingerLimit: Int64
    var notedCloseNotCompleted = false

    init(configuration: LoadConfiguration, slotCount: Int) {
        streamsPerConnection = configuration.streamsPerConnection
        self.slotCount = slotCount
        streams = .allocate(capacity: max(slotCount, 1))
        streams.initialize(repeating: HTTP2StreamRow(), count: max(slotCount, 1))
        let groups = (slotCount + streamsPerConnection - 1) / streamsPerConnection
        groupCarrier = [Int32](repeating: -1, count: max(groups, 1))
        groupFailure = [LoadErrorKind?](repeating: nil, count: max(groups, 1))
        let target = configuration.target
        let offer = configuration.compression.flatMap { DeflateNegotiation.offer($0) }
        headers = ClientHeaderBlock(ClientRequestHeaders(
            secure: target.isSecure, authority: target.hostHeader, path: target.path, origin: configuration.origin,
            extensionOffer: offer, subprotocols: configuration.subprotocols,
            extraFields: configuration.headers.map { ($0.name, $0.value) }))
        callbacks = HTTP2Callbacks.make()
        lingerLimit = min(1_000_000_000, Int64(configuration.closeTimeoutSeconds * 0.5e9))
    }

    deinit {
        for slot in 0..<max(slotCount, 1) { streams[slot].bytes.release() }
        streams.deinitialize(count: max(slotCount, 1))
        streams.deallocate()
    }
}
