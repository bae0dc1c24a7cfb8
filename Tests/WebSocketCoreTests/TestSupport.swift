import WebSocketCore

/// What a ``MessageReader`` reported, copied out of the receive buffer so it can be compared.
enum Seen: Equatable {
    case message(Opcode, [UInt8], compressed: Bool)
    case ping([UInt8])
    case pong([UInt8])
    case close(CloseFrame)
    case failure(ProtocolError)
}

/// Feeds `stream` to a fresh reader in reads of the given sizes (the last read takes the rest) and
/// returns everything it reported, stopping at the first failure.
func readMessages(
    _ stream: [UInt8], reads: [Int] = [], role: Role = .server, maximumMessageLength: Int = 1 << 20,
    allowedReservedBits: UInt8 = 0
) -> [Seen] {
    var reader = MessageReader(
        role: role, maximumMessageLength: maximumMessageLength, allowedReservedBits: allowedReservedBits)
    var seen: [Seen] = []
    var start = 0
    var readIndex = 0
    while start < stream.count {
        let size = readIndex < reads.count ? min(reads[readIndex], stream.count - start) : stream.count - start
        readIndex += 1
        var chunk = Array(stream[start..<(start + size)])
        start += size
        let failed = chunk.withUnsafeMutableBytes { buffer -> Bool in
            var cursor = 0
            while true {
                switch reader.next(buffer, cursor: &cursor) {
                case .incomplete: return false
                case .failure(let error): seen.append(.failure(error)); return true
                case .message(let m): seen.append(.message(m.opcode, Array(m.payload), compressed: m.isCompressed))
                case .ping(let p): seen.append(.ping(Array(p)))
                case .pong(let p): seen.append(.pong(Array(p)))
                case .close(let c): seen.append(.close(c))
                }
            }
        }
        if failed { break }
    }
    return seen
}

/// Encodes one frame with ``FrameEncoder`` (masked when `key` is given).
func frame(
    _ opcode: Opcode, _ payload: [UInt8], fin: Bool = true, reservedBits: UInt8 = 0, key: MaskingKey? = nil
) -> [UInt8] {
    let header = FrameHeader(fin: fin, reservedBits: reservedBits, opcode: opcode, maskingKey: key, payloadLength: payload.count)
    var out = [UInt8](repeating: 0, count: FrameEncoder.frameLength(payloadLength: payload.count, masked: key != nil))
    let written = out.withUnsafeMutableBytes { dst in
        payload.withUnsafeBytes { FrameEncoder.encode(header, payload: $0, into: dst.baseAddress!) }
    }
    precondition(written == out.count)
    return out
}

let testKey = MaskingKey(0x37, 0xFA, 0x21, 0x3D)
