import PerMessageDeflate
import WebSocketCore

/// Reads a byte stream the way a connection does — a `MessageReader` over successive receive
/// buffers, then, for compressed messages, the `DeflateSession`'s inflater and UTF-8 validation of
/// text (as `EchoServer` does) — and records what came out at both levels.
public struct FrameStreamRun {
    /// What the `MessageReader` reported (compressed payloads as received), up to its first failure.
    public private(set) var frameEvents: [ObservedEvent] = []
    /// What the application gets: messages inflated and validated, up to the first failure of
    /// either level (after which a connection is closed).
    public private(set) var deliveredEvents: [ObservedEvent] = []

    private let configuration: FrameStreamConfiguration
    private var reader: MessageReader
    private let session: DeflateSession?
    private let inflatesInPieces: Bool
    private let inflateBufferCapacity: Int

    /// Feeds `stream` in reads of `readSizes` bytes; compressed messages go to the inflater in one
    /// piece, or, with `inflatesInPieces`, cut by the configuration's inflate pattern. The inflater
    /// writes into a buffer of `inflateBufferCapacity` bytes to begin with (as a buffer shared with
    /// other connections would be).
    public init(
        _ stream: [UInt8], readSizes: [Int], inflatesInPieces: Bool, inflateBufferCapacity: Int = 0,
        configuration: FrameStreamConfiguration
    ) {
        self.configuration = configuration
        self.inflatesInPieces = inflatesInPieces
        self.inflateBufferCapacity = inflateBufferCapacity
        reader = MessageReader(
            role: configuration.role, maximumMessageLength: configuration.maximumMessageLength,
            allowedReservedBits: configuration.allowedReservedBits)
        session = configuration.deflate.map {
            DeflateSession(
                parameters: $0, role: configuration.role == .server ? .server : .client,
                maximumMessageSize: configuration.maximumInflatedLength,
                inflateBuffer: DeflateBuffer(capacity: inflateBufferCapacity),
                implementation: configuration.inflateImplementation)
        }
        var start = 0
        for size in readSizes {
            let failed = withExactBuffer(stream[start..<start + size]) { read($0) }
            start += size
            if failed { break }
        }
    }

    /// Takes one receive buffer; returns whether the reader failed.
    private mutating func read(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var cursor = 0
        while true {
            let event = reader.next(buffer, cursor: &cursor)
            switch event {
            case .incomplete:
                require(cursor == buffer.count, "incomplete before the end of the read: \(cursor) of \(buffer.count)")
                return false
            case .failure(let error):
                record(.failure(error))
                return true
            case .message(let message):
                require(
                    message.payload.count <= configuration.maximumMessageLength,
                    "a \(message.payload.count)-byte message passed the \(configuration.maximumMessageLength)-byte limit")
                require(!message.isCompressed || session != nil, "RSV1 accepted without permessage-deflate")
                frameEvents.append(.message(message.opcode, Array(message.payload), compressed: message.isCompressed))
                deliver(message)
            case .ping(let payload):
                record(.ping(Array(payload)))
            case .pong(let payload):
                record(.pong(Array(payload)))
            case .close(let close):
                record(.close(close))
            }
        }
    }

    /// Records an event that both levels report alike.
    private mutating func record(_ event: ObservedEvent) {
        frameEvents.append(event)
        if !deliveryFailed { deliveredEvents.append(event) }
    }

    private var deliveryFailed: Bool {
        if case .failure = deliveredEvents.last { return true }
        return false
    }

    /// Inflates and validates a message the reader delivered, while its payload is still valid.
    private mutating func deliver(_ message: Message) {
        guard !deliveryFailed else { return }
        guard message.isCompressed, let inflater = session?.inflater else {
            deliveredEvents.append(.message(message.opcode, Array(message.payload), compressed: false))
            return
        }
        let compressed = UnsafeRawBufferPointer(message.payload)
        do throws(ProtocolError) {
            let inflated: UnsafeRawBufferPointer
            if inflatesInPieces {
                var start = 0
                for size in configuration.inflatePattern.sizes(covering: compressed.count) {
                    try inflater.append(UnsafeRawBufferPointer(rebasing: compressed[start..<start + size]))
                    start += size
                }
                inflated = try inflater.finish()
            } else {
                inflated = try inflater.inflateMessage(compressed)
            }
            require(
                inflated.count <= configuration.maximumInflatedLength,
                "inflated \(inflated.count) bytes past the \(configuration.maximumInflatedLength)-byte cap")
            if message.opcode == .text {
                var validator = UTF8Validator()
                guard validator.validate(inflated), validator.finish() else { throw ProtocolError.invalidUTF8 }
            }
            deliveredEvents.append(.message(message.opcode, Array(inflated), compressed: true))
        } catch {
            deliveredEvents.append(.failure(error))
        }
        require(
            inflater.buffer.capacity <= max(configuration.maximumInflatedLength + 1, inflateBufferCapacity),
            "the inflate buffer grew to \(inflater.buffer.capacity) bytes for a \(configuration.maximumInflatedLength)-byte cap")
    }
}
