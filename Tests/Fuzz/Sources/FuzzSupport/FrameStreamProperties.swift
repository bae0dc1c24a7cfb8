import WebSocketCore

/// The properties the frame targets (`FuzzServerFrames`, `FuzzClientFrames`) check on each input.
///
/// 1. Read in one piece and read in pieces (with compressed messages inflated in pieces), the
///    stream gives the same events, and the same messages after inflation.
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
        require(
            whole.deliveredEvents == pieces.deliveredEvents,
            "delivered, one piece vs pieces (\(configuration)):\n  \(whole.deliveredEvents)\n  \(pieces.deliveredEvents)")

        let reference = ReferenceFrameModel.events(of: stream, configuration: configuration)
        require(
            whole.frameEvents.count == reference.count
                && zip(whole.frameEvents, reference).allSatisfy { $0.matches(reference: $1) },
            "reader vs reference model (\(configuration)):\n  \(whole.frameEvents)\n  \(reference)")

        Trace.print("frames:    \(whole.frameEvents)\ndelivered: \(whole.deliveredEvents)")
        for event in whole.deliveredEvents { checkDelivered(event, configuration) }
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
