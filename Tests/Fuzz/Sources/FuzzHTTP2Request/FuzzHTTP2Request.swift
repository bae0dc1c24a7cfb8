import EpollIO
import FuzzSupport
import HTTP2

/// The HTTP/2 glue of `wsbench serve` that does not need a socket: how a request's header set is
/// judged (`HTTP2RequestHeaders` → `HTTP2RequestDecision`, the RFC 8441 extended CONNECT checks), and
/// the per-stream state the server keeps (`HTTP2StreamOutput`, `HTTP2StreamWindow`).
///
/// Input: byte 0 chooses the part (even: a header set; odd: stream operations) and, for header sets,
/// the Origin allow-list (bit 1); the rest is decoded by `headerSet` or `streamOperations`.
///
/// Properties: the decision equals `HTTP2RequestModel`'s (an independent restatement of the table in
/// `HTTP2RequestDecision`'s documentation); every rejection is a 4xx/5xx with a message. Stream
/// output gives back exactly the bytes queued, in order; the window never gives back bytes while the
/// stream is paused, gives back every received byte exactly once in the end, and pauses only above
/// the high-water mark.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP2Request(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let mode = input.takeByte()
    if mode & 1 == 0 {
        headerSet(&input, allowedOrigins: mode & 2 == 0 ? [] : ["https://good.example"])
    } else {
        streamOperations(&input)
    }
    return 0
}

let fieldNames = [
    ":method", ":protocol", ":scheme", ":path", ":authority", "sec-websocket-version", "origin", "sec-websocket-extensions",
    "user-agent",
]
let fieldValues = [
    "CONNECT", "GET", "POST", "websocket", "chat", "https", "http", "/ws", "/ws?x=1", "/", "/index.html", "/other", "13", "8",
    "https://good.example", "HTTPS://GOOD.EXAMPLE", "https://evil.example", "permessage-deflate", "", "13, 13", "/ws#",
]

/// Reads fields until the input ends: each is a name (one of `fieldNames`, or raw bytes after a byte
/// ≥ 0xF0) and a value (one of `fieldValues`, or raw bytes after a byte ≥ 0xF0).
func headerSet(_ input: inout FuzzInput, allowedOrigins: [String]) {
    var headers = HTTP2RequestHeaders()
    var fields: [(String, String)] = []
    func text(_ input: inout FuzzInput, _ list: [String]) -> String {
        let b = input.takeByte()
        if b < 0xF0 { return list[Int(b) % list.count] }
        let n = Int(input.takeByte() % 24)
        return String(decoding: (0..<n).map { _ in input.takeByte() }, as: UTF8.self)
    }
    while input.position < input.bytes.count && fields.count < 64 {
        let name = text(&input, fieldNames), value = text(&input, fieldValues)
        fields.append((name, value))
        headers.add(name: name, value: value)
    }
    require(headers.fieldCount == fields.count, "every field counted")
    let decision = HTTP2RequestDecision(headers, webSocketPath: "/ws", allowedOrigins: allowedOrigins)
    let expected = HTTP2RequestModel.decide(fields, allowedOrigins: allowedOrigins)
    Trace.print("\(fields) → \(decision)")
    require(decision == expected, "decision \(decision), model \(expected) for \(fields)")
    if case .reject(let rejection) = decision {
        require((400...599).contains(rejection.status), "status \(rejection.status)")
        require(!rejection.message.isEmpty, "a rejection explains itself")
    }
}

/// The rules of `HTTP2RequestDecision` restated over the raw field list (last value wins for the
/// pseudo-headers and origin; repeated sec-websocket-version and -extensions are joined).
enum HTTP2RequestModel {
    static func decide(_ fields: [(String, String)], allowedOrigins: [String]) -> HTTP2RequestDecision {
        func last(_ name: String) -> String? { fields.last { $0.0 == name }?.1 }
        func joined(_ name: String) -> String? {
            let values = fields.filter { $0.0 == name }.map(\.1)
            return values.isEmpty ? nil : values.joined(separator: ", ")
        }
        let path = last(":path").map { String($0.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
        let method = last(":method")
        if method == "GET" {
            if path == "/" || path == "/index.html" { return .testPage }
            return .reject(path == "/ws" ? .notExtendedConnect : .notFound)
        }
        guard method == "CONNECT" else { return .reject(.methodNotAllowed) }
        guard let protocolName = last(":protocol") else { return .reject(.missingProtocol) }
        guard protocolName == "websocket" else { return .reject(.unsupportedProtocol) }
        guard last(":scheme") != nil, let path else { return .reject(.missingPseudoHeader) }
        guard path == "/ws" else { return .reject(.notFound) }
        guard joined("sec-websocket-version") == "13" else { return .reject(.unsupportedWebSocketVersion) }
        if !allowedOrigins.isEmpty {
            guard let origin = last("origin"), allowedOrigins.contains(where: { $0.lowercased() == origin.lowercased() && $0.utf8.count == origin.utf8.count }) else {
                return .reject(.originNotAllowed)
            }
        }
        return .openWebSocket(extensionOffers: joined("sec-websocket-extensions"))
    }
}

/// Byte 0: the high-water mark (1 + b × 97; low = high / 4). Then operations, two bytes each: the
/// first chooses append / take / receive / resume check, the second the size.
func streamOperations(_ input: inout FuzzInput) {
    let high = 1 + Int(input.takeByte()) * 97
    let marks = BackpressureWaterMarks(high: high, low: high / 4)
    var output = HTTP2StreamOutput()
    defer { output.release() }
    var window = HTTP2StreamWindow()
    var nextByte: UInt8 = 0  // the next byte value queued
    var expectedByte: UInt8 = 0  // the next byte value taken
    var received = 0, consumed = 0
    var scratch = [UInt8](repeating: 0, count: 255 * 64)
    while input.position < input.bytes.count {
        let op = input.takeByte(), size = Int(input.takeByte())
        switch op % 4 {
        case 0:
            let bytes = (0..<(size * 37)).map { _ -> UInt8 in defer { nextByte &+= 1 }; return nextByte }
            bytes.withUnsafeBytes { output.append($0) }
        case 1:
            let before = output.pendingByteCount
            let n = scratch.withUnsafeMutableBytes { output.take(into: $0.baseAddress!, maximum: size * 64) }
            require(n == min(before, size * 64), "take \(n) of \(before)")
            for i in 0..<n {
                require(scratch[i] == expectedByte, "byte \(i) out of order")
                expectedByte &+= 1
            }
            if output.isEmpty { require(output.allocatedByteCount == 0, "storage freed when drained") }
            let given = window.outputShrank(pendingOutput: output.pendingByteCount, marks)
            if given > 0 { require(output.pendingByteCount <= marks.low, "resumed above the low mark") }
            consumed += given
        case 2:
            let wasPaused = window.isPaused
            let given = window.received(size, pendingOutput: output.pendingByteCount, marks)
            received += size
            require(given == size || given == 0, "all or nothing per chunk")
            if given == 0 && size > 0 {
                require(wasPaused || output.pendingByteCount > marks.high, "paused only above the high mark")
            }
            if window.isPaused { require(given == 0, "nothing given back while paused") }
            consumed += given
        default:
            require(consumed + window.deferredBytes == received, "every byte consumed or deferred")
        }
    }
    // Draining the output gives everything back.
    while !output.isEmpty {
        _ = scratch.withUnsafeMutableBytes { output.take(into: $0.baseAddress!, maximum: $0.count) }
    }
    consumed += window.outputShrank(pendingOutput: 0, marks)
    require(consumed == received, "consumed \(consumed) of \(received) once drained")
    require(!window.isPaused, "resumed once drained")
}
