import CZlib
import Histogram

/// HdrHistogram's V2 binary encoding (cookie `0x1c849313`: a 40-byte big-endian header, then the
/// counts as ZigZag LEB128 with runs of zeros as negative lengths) and its compressed form (cookie
/// `0x1c849314`, zlib), as the Java, C and Python implementations read and write it.
public enum HistogramEncoding {
    static let encodingCookie: UInt32 = 0x1c84_9313
    static let compressedCookie: UInt32 = 0x1c84_9314

    /// The uncompressed V2 encoding of `histogram`.
    public static func encode(_ histogram: LatencyHistogram) -> [UInt8] {
        let layout = HistogramLayout(
            lowestDiscernibleValue: histogram.lowestDiscernibleValue,
            significantDigits: Int(histogram.numberOfSignificantValueDigits.rawValue))
        var out: [UInt8] = []
        putUInt32(&out, encodingCookie)
        putUInt32(&out, 0)  // payload length, filled in below
        putUInt32(&out, 0)  // normalizing index offset
        putUInt32(&out, UInt32(histogram.numberOfSignificantValueDigits.rawValue))
        putUInt64(&out, histogram.lowestDiscernibleValue)
        putUInt64(&out, histogram.highestTrackableValue)
        putUInt64(&out, (1.0 as Double).bitPattern)  // integer-to-double conversion ratio
        if histogram.totalCount > 0 {
            let limit = layout.index(of: histogram.max) + 1
            var index = 0
            while index < limit {
                let count = histogram.countForValue(layout.value(at: index))
                index += 1
                if count == 0 {
                    var zeros: Int64 = 1
                    while index < limit && histogram.countForValue(layout.value(at: index)) == 0 {
                        zeros += 1
                        index += 1
                    }
                    putZigZag(&out, zeros > 1 ? -zeros : 0)
                } else {
                    putZigZag(&out, Int64(count))
                }
            }
        }
        let payloadLength = UInt32(out.count - 40)
        for i in 0..<4 { out[4 + i] = UInt8(truncatingIfNeeded: payloadLength >> UInt32(24 - 8 * i)) }
        return out
    }

    /// The compressed V2 encoding (what `.hlog` lines carry in Base64).
    public static func encodeCompressed(_ histogram: LatencyHistogram) -> [UInt8] {
        let plain = encode(histogram)
        var bound = compressBound(uLong(plain.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let status = compressed.withUnsafeMutableBufferPointer { destination in
            plain.withUnsafeBufferPointer { source in
                compress2(destination.baseAddress, &bound, source.baseAddress, uLong(source.count), Z_DEFAULT_COMPRESSION)
            }
        }
        precondition(status == Z_OK, "compress2 failed: \(status)")
        var out: [UInt8] = []
        putUInt32(&out, compressedCookie)
        putUInt32(&out, UInt32(bound))
        out += compressed[0..<Int(bound)]
        return out
    }

    /// Decodes a compressed or uncompressed V2 encoding into a histogram with the encoded
    /// parameters; nil if the bytes are not one.
    public static func decode(_ bytes: [UInt8]) -> LatencyHistogram? {
        guard bytes.count >= 8 else { return nil }
        let cookie = getUInt32(bytes, 0)
        if cookie & ~0xf0 == compressedCookie & ~0xf0 {
            let length = Int(getUInt32(bytes, 4))
            guard bytes.count >= 8 + length else { return nil }
            var capacity = max(1 << 16, length * 8)
            while capacity <= 1 << 28 {
                var produced = uLong(capacity)
                var plain = [UInt8](repeating: 0, count: capacity)
                let status = plain.withUnsafeMutableBufferPointer { destination in
                    bytes.withUnsafeBufferPointer { source in
                        uncompress(destination.baseAddress, &produced, source.baseAddress! + 8, uLong(length))
                    }
                }
                if status == Z_OK { return decodePlain(Array(plain[0..<Int(produced)])) }
                if status != Z_BUF_ERROR { return nil }
                capacity *= 4
            }
            return nil
        }
        return decodePlain(bytes)
    }

    static func decodePlain(_ bytes: [UInt8]) -> LatencyHistogram? {
        guard bytes.count >= 40, getUInt32(bytes, 0) & ~0xf0 == encodingCookie & ~0xf0 else { return nil }
        let payloadLength = Int(getUInt32(bytes, 4))
        let digits = Int(getUInt32(bytes, 12))
        let lowest = getUInt64(bytes, 16)
        let highest = getUInt64(bytes, 24)
        guard getUInt32(bytes, 8) == 0, let significant = SignificantDigits(rawValue: Int8(clamping: digits)),
            lowest >= 1, highest >= 2 * lowest, bytes.count >= 40 + payloadLength
        else { return nil }
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: significant)
        let layout = HistogramLayout(lowestDiscernibleValue: lowest, significantDigits: digits)
        var offset = 40
        let end = 40 + payloadLength
        var index = 0
        while offset < end {
            guard let value = getZigZag(bytes, &offset, end: end) else { return nil }
            if value < 0 {
                index += Int(-value)
            } else {
                if value > 0 {
                    guard histogram.record(layout.value(at: index), count: UInt64(value)) else { return nil }
                }
                index += 1
            }
        }
        return histogram
    }

    static func putUInt32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    static func putUInt64(_ out: inout [UInt8], _ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    static func getUInt32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[at + $1]) }
    }

    static func getUInt64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(bytes[at + $1]) }
    }

    /// ZigZag LEB128 as HdrHistogram writes it: 7 bits per byte, at most 9 bytes (the 9th carries 8).
    static func putZigZag(_ out: inout [UInt8], _ value: Int64) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        for _ in 0..<8 {
            if v < 0x80 {
                out.append(UInt8(v))
                return
            }
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    static func getZigZag(_ bytes: [UInt8], _ offset: inout Int, end: Int) -> Int64? {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        for i in 0..<9 {
            guard offset < end else { return nil }
            let byte = bytes[offset]
            offset += 1
            if i == 8 {
                v |= UInt64(byte) << 56
                break
            }
            v |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
