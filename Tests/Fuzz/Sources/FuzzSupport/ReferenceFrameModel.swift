import WebSocketCore

/// A deliberately plain model of RFC 6455 framing and message assembly, written from the RFC rather
/// than from the decoder, to compare with `MessageReader` on the same stream.
///
/// It walks the whole stream byte by byte, unmasks with a per-byte XOR (no SIMD), keeps fragments in
/// an array and validates text with the standard library. Where the decoder's timing is part of its
/// contract, the model follows it: rules that the bytes already seen can break are reported even when
/// the stream stops right after those bytes (a bad first byte, a length over the limit, invalid UTF-8
/// inside an unfinished frame); a frame whose header arrived without any of its payload is not judged
/// by the message rules yet; control frames are judged when complete.
public enum ReferenceFrameModel {
    /// The events a reader must report for `stream`, up to its first failure. Compressed payloads are
    /// left as they are (inflation is the session's job).
    public static func events(of stream: [UInt8], configuration: FrameStreamConfiguration) -> [ObservedEvent] {
        var model = Model(
            stream: stream, role: configuration.role, allowsRSV1: configuration.deflate != nil,
            limit: configuration.maximumMessageLength)
        model.run()
        return model.events
    }

    private struct Model {
        let stream: [UInt8]
        let role: Role
        let allowsRSV1: Bool
        let limit: Int
        var events: [ObservedEvent] = []
        var index = 0
        /// The fragmented message being assembled: opcode, RSV1 of its first frame, payload so far.
        var open: (opcode: Opcode, compressed: Bool, payload: [UInt8])? = nil

        init(stream: [UInt8], role: Role, allowsRSV1: Bool, limit: Int) {
            self.stream = stream
            self.role = role
            self.allowsRSV1 = allowsRSV1
            self.limit = limit
        }

        var available: Int { stream.count - index }

        /// The outcome of one frame.
        enum Step {
            /// Go on with the next frame.
            case next
            /// The stream ends inside this frame.
            case end
            /// The stream breaks a rule: the reader must fail.
            case failure(ProtocolError)
        }

        mutating func run() {
            while available > 0 {
                switch frame() {
                case .next: continue
                case .end: return
                case .failure(let error):
                    events.append(.failure(error))
                    return
                }
            }
        }

        /// Reads the frame at `index` (or what the stream has of it).
        mutating func frame() -> Step {
            // Byte 0: FIN, RSV1-3, opcode.
            let b0 = stream[index]
            let fin = b0 & 0x80 != 0
            let rsv1 = b0 & 0x40 != 0
            if b0 & 0x30 != 0 || (rsv1 && !allowsRSV1) { return .failure(.reservedBitsSet) }
            guard let opcode = Opcode(rawValue: b0 & 0x0F) else { return .failure(.reservedOpcode(b0 & 0x0F)) }
            let isControl = opcode == .close || opcode == .ping || opcode == .pong
            // Control frames are never fragmented nor compressed; RSV1 marks a message's first frame.
            if isControl && (!fin || rsv1) { return .failure(.fragmentedControlFrame) }
            if opcode == .continuation && rsv1 { return .failure(.reservedBitsSet) }
            // Byte 1: MASK and the 7-bit length.
            guard available >= 2 else { return .end }
            let masked = stream[index + 1] & 0x80 != 0
            if masked != (role == .server) { return .failure(.unmaskedClientFrame) }
            let length7 = Int(stream[index + 1] & 0x7F)
            if isControl && length7 > 125 { return .failure(.controlFrameTooLong) }
            // The extended length, big-endian.
            let lengthBytes = length7 == 126 ? 2 : (length7 == 127 ? 8 : 0)
            guard available >= 2 + lengthBytes else { return .end }
            var length = UInt64(length7)
            if lengthBytes > 0 {
                length = 0
                for i in 0..<lengthBytes { length = length << 8 | UInt64(stream[index + 2 + i]) }
                if length >> 63 != 0 { return .failure(.lengthTopBitSet) }
            }
            if length > UInt64(limit) { return .failure(.messageTooBig) }
            let headerLength = 2 + lengthBytes + (masked ? 4 : 0)
            guard available >= headerLength else { return .end }
            let key = masked ? Array(stream[index + headerLength - 4..<index + headerLength]) : [0, 0, 0, 0]
            let payloadLength = Int(length)
            let present = min(payloadLength, available - headerLength)
            if payloadLength > 0 && present == 0 { return .end }
            let start = index + headerLength
            var payload = Array(stream[start..<start + present])
            for i in payload.indices { payload[i] ^= key[i & 3] }
            index = start + present
            let complete = present == payloadLength
            if isControl {
                guard complete else { return .end }
                return control(opcode, payload)
            }
            return data(opcode, fin: fin, rsv1: rsv1, payloadLength: payloadLength, payload, complete: complete)
        }

        /// A text, binary or continuation frame (or what has arrived of it).
        mutating func data(
            _ opcode: Opcode, fin: Bool, rsv1: Bool, payloadLength: Int, _ payload: [UInt8], complete: Bool
        ) -> Step {
            var message: (opcode: Opcode, compressed: Bool, payload: [UInt8])
            if opcode == .continuation {
                guard let open else { return .failure(.unexpectedContinuation) }
                message = open
            } else {
                guard open == nil else { return .failure(.expectedContinuation) }
                message = (opcode, rsv1, [])
            }
            if message.payload.count + payloadLength > limit { return .failure(.messageTooBig) }
            message.payload += payload
            let ends = complete && fin
            if message.opcode == .text && !message.compressed {
                let valid = ends ? UTF8Reference.isValid(message.payload) : UTF8Reference.isValidPrefix(message.payload)
                if !valid { return .failure(.invalidUTF8) }
            }
            if ends {
                open = nil
                events.append(.message(message.opcode, message.payload, compressed: message.compressed))
            } else {
                open = message
            }
            return complete ? .next : .end
        }

        /// A complete close, ping or pong frame.
        mutating func control(_ opcode: Opcode, _ payload: [UInt8]) -> Step {
            switch opcode {
            case .ping:
                events.append(.ping(payload))
            case .pong:
                events.append(.pong(payload))
            default:
                if payload.isEmpty {
                    events.append(.close(CloseFrame(code: nil)))
                } else if payload.count == 1 {
                    return .failure(.invalidClosePayloadLength)
                } else {
                    let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
                    // RFC 6455 §7.4: 1000-1003 and 1007-1011 are defined, 1012-1014 registered since,
                    // 3000-4999 for libraries and applications; anything else never appears on the wire.
                    let allowed = (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
                    guard allowed else { return .failure(.invalidCloseCode(code)) }
                    guard let reason = String(validating: payload[2...], as: UTF8.self) else { return .failure(.invalidUTF8) }
                    events.append(.close(CloseFrame(code: CloseCode(rawValue: code), reason: reason)))
                }
            }
            return .next
        }
    }
}
