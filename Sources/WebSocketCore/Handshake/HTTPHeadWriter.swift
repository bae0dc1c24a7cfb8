/// Writes an HTTP/1.1 head (and optional body) into a caller buffer, counting every byte even when
/// the buffer is too small, so one routine serves both "measure" and "write".
///
/// Header values pass through ``appendFieldValue(_:)``, which turns `CR`, `LF` and other control
/// bytes (except `HTAB`) into `SP`: a caller-supplied value can never split the response.
struct HTTPHeadWriter {
    /// Where bytes go; may be empty (count only).
    let destination: UnsafeMutableRawBufferPointer
    /// Bytes produced so far (written or not).
    private(set) var count = 0

    init(_ destination: UnsafeMutableRawBufferPointer) {
        self.destination = destination
    }

    /// Whether everything produced so far was written.
    var fits: Bool { count <= destination.count }

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count < destination.count { destination[count] = byte }
        count += 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if count + bytes.count <= destination.count, let base = bytes.baseAddress, bytes.count > 0 {
            (destination.baseAddress! + count).copyMemory(from: base, byteCount: bytes.count)
            count += bytes.count
        } else {
            for b in bytes { append(byte: b) }
        }
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a header value with control bytes other than `HTAB` replaced by `SP`.
    mutating func appendFieldValue(_ text: String) {
        for b in text.utf8 { append(byte: b < 0x20 && b != HTTPSyntax.tab || b == 0x7F ? HTTPSyntax.space : b) }
    }

    /// Appends a non-negative integer in decimal.
    mutating func append(decimal value: Int) {
        precondition(value >= 0)
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            append(byte: UInt8(ascii: "0") &+ UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends `name: value\r\n`.
    mutating func appendField(_ name: StaticString, _ value: String) {
        append(name)
        append(": ")
        appendFieldValue(value)
        append("\r\n")
    }

    /// Appends `HTTP/1.1 <code> <reason>\r\n`.
    mutating func appendStatusLine(_ status: HTTPStatus) {
        append("HTTP/1.1 ")
        append(decimal: status.code)
        append(byte: HTTPSyntax.space)
        appendFieldValue(status.reasonPhrase)
        append("\r\n")
    }

    /// Runs `render` into `destination`; returns the byte count, or `nil` if it did not fit.
    static func write(into destination: UnsafeMutableRawBufferPointer, _ render: (inout HTTPHeadWriter) -> Void) -> Int? {
        var writer = HTTPHeadWriter(destination)
        render(&writer)
        return writer.fits ? writer.count : nil
    }

    /// Runs `render` twice: once to measure, once into an array of exactly that size.
    static func bytes(_ render: (inout HTTPHeadWriter) -> Void) -> [UInt8] {
        var counter = HTTPHeadWriter(UnsafeMutableRawBufferPointer(start: nil, count: 0))
        render(&counter)
        return [UInt8](unsafeUninitializedCapacity: counter.count) { buffer, initialized in
            var writer = HTTPHeadWriter(UnsafeMutableRawBufferPointer(buffer))
            render(&writer)
            initialized = writer.count
        }
    }
}
