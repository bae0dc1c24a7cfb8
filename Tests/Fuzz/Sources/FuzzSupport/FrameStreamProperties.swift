import PerMessageDeflate
import WebSocketCore

/// The properties the frame targets (`FuzzServerFrames`, `FuzzClientFrames`) check on each input.
///
/// 1. Read in one piece and read in pieces (with compressed messages inflated in pieces), the
///    stream gives the same events, and the same messages after inflation (except where the peer
///    refers beyond the negotiated window: ``checkOnlyTheWindowDiffers(_:_:_:_:)``); inflated whole,
///    the same messages whether the inflate buffer starts empty or already grown.
/// 2. The reader agrees with ``ReferenceFrameModel`` (failures compared by close code).
/// 3. Every delivered text message and close reason is valid UTF-8 (by the standard library); no
///    message exceeds its limit (inflated ones the inflate cap); control payloads are at most 125
///    bytes; close codes are ones allowed on the wire; every failure closes with 1002, 1007 or 1009.
public enum FrameStreamProperties {
    /// Checks one fuzzer input; `role` is the reading endpoint's.
    public static func check(_ start: UnsafeRawPointer, _ count: Int, role: Role) {
        var input = FuzzInput(start, count)
        let configuration = FrameStreamConfiguration(role: role, input: &input)
        let stream = input.takeRest()
        Trace.print("\(configuration), \(stream.count) bytes")

        let whole = FrameStreamRun(
            stream, readSizes: stream.isEmpty ? [] : [stream.count], inflatesInPieces: false,
            configuration: configuration)
        let pieces = FrameStreamRun(
            stream, readSizes: configuration.readPattern.sizes(covering: stream.count), inflatesInPieces: true,
            configuration: configuration)
        require(
            whole.frameEvents == pieces.frameEvents,
            "one read vs pieces (\(configuration)):\n  \(whole.frameEvents)\n  \(pieces.frameEvents)")
        if configuration.deflate != nil {
            // A server inflates into one buffer per loop, already grown by earlier messages.
            let capacity = 4096 << Int(configuration.inflatePattern.seed & 7)
            let grown = FrameStreamRun(
                stream, readSizes: [stream.count], inflatesInPieces: false, inflateBufferCapacity: capacity,
                configuration: configuration)
            require(
                grown.deliveredEvents == whole.deliveredEvents,
                "delivered, fresh vs \(capacity)-byte inflate buffer (\(configuration)):\n  \(whole.deliveredEvents)\n  \(grown.deliveredEvents)")
        }
        if whole.deliveredEvents != pieces.deliveredEvents {
            checkOnlyTheWindowDiffers(stream, configuration, whole.deliveredEvents, pieces.deliveredEvents)
        }

        let reference = ReferenceFrameModel.events(of: stream, configuration: configuration)
        require(
            whole.frameEvents.count == reference.count
                && zip(whole.frameEvents, reference).allSatisfy { $0.matches(reference: $1) },
            "reader vs reference model (\(configuration)):\n  \(whole.frameEvents)\n  \(reference)")

        Trace.print("frames:    \(whole.frameEvents)\ndelivered: \(whole.deliveredEvents)")
        for event in whole.deliveredEvents { checkDelivered(event, configuration) }
    }

    /// The one difference allowed between inflating in one piece and in pieces: zlib checks a match
    /// distance against the window it keeps *plus the output of the current inflate call*, so a
    /// reference beyond the negotiated window — which the peer must not make (RFC 7692 §7.1.2) — is
    /// accepted or refused with 1007 depending on where input and output are split. It must vanish
    /// with a 15-bit inflate window, which holds every distance DEFLATE can express.
    static func checkOnlyTheWindowDiffers(
        _ stream: [UInt8], _ configuration: FrameStreamConfiguration, _ whole: [ObservedEvent], _ pieces: [ObservedEvent]
    ) {
        let context = "delivered, one piece vs pieces (\(configuration)):\n  \(whole)\n  \(pieces)"
        guard let deflate = configuration.deflate, deflate.clientMaxWindowBits < 15 else { return require(false, context) }
        require(
            whole.contains(.failure(.invalidCompressedData)) || pieces.contains(.failure(.invalidCompressedData)),
            "the difference is not a refused reference: \(context)")
        var wide = configuration
        wide.deflate = DeflateParameters(
            serverNoContextTakeover: deflate.serverNoContextTakeover, clientNoContextTakeover: deflate.clientNoContextTakeover,
            serverMaxWindowBits: 15, clientMaxWindowBits: 15)
        let wideWhole = FrameStreamRun(stream, readSizes: [stream.count], inflatesInPieces: false, configuration: wide)
        let widePieces = FrameStreamRun(
            stream, readSizes: wide.readPattern.sizes(covering: stream.count), inflatesInPieces: true, configuration: wide)
        require(
            wideWhole.deliveredEvents == widePieces.deliveredEvents,
            "the difference remains with a 15-bit window: \(context)\n  \(wideWhole.deliveredEvents)\n  \(widePieces.deliveredEvents)")
        Trace.print("a reference beyond the \(deflate.clientMaxWindowBits)-bit window, accepted or not depending on the split")
        for event in pieces { checkDelivered(event, configuration) }
    }

    /// The per-event properties of what an application receives.
    static func checkDelivered(_ event: ObservedEvent, _ configuration: FrameStreamConfiguration) {
        switch event {
        case .message(let opcode, let payload, let compressed):
            require(opcode == .text || opcode == .binary, "a message with opcode \(opcode)")
            if opcode == .text { require(UTF8Reference.isValid(payload), "a text message that is not UTF-8: \(event)") }
            let limit = compressed ? configuration.maximumInflatedLength : configuration.maximumMessageLength
            require(payload.count <= limit, "\(event) exceeds the \(limit)-byte limit")
        case .ping(let payload), .pong(let payload):
            require(payload.count <= 125, "a \(payload.count)-byte control payload")
        case .close(let close):
            if let code = close.code { require(code.mayAppearOnWire, "close code \(code) accepted") }
            require(close.reason.utf8.count <= 123, "a \(close.reason.utf8.count)-byte close reason")
            require(UTF8Reference.isValid(Array(close.reason.utf8)), "a close reason that is not UTF-8")
        case .failure(let error):
            let allowed: [CloseCode] = [.protocolError, .invalidFramePayloadData, .messageTooBig]
            require(allowed.contains(error.closeCode), "\(error) closes with \(error.closeCode)")
        }
    }
}
