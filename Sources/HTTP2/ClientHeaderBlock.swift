import CNghttp2

#if canImport(Glibc)
import Glibc
#endif

/// A ``ClientRequestHeaders`` laid out once as nghttp2 name-value pairs (`nghttp2_nv`), so opening
/// a stream submits the same block with no allocation. Immutable after init; owned by one loop.
public final class ClientHeaderBlock {
    /// The pairs, `count` of them, pointing into `bytes`.
    public let pairs: UnsafeMutablePointer<nghttp2_nv>
    public let count: Int
    let bytes: UnsafeMutableRawPointer

    public init(_ headers: ClientRequestHeaders) {
        let fields = headers.fields
        let total = fields.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count }
        bytes = .allocate(byteCount: max(total, 1), alignment: 1)
        pairs = .allocate(capacity: max(fields.count, 1))
        count = fields.count
        var at = 0
        for (i, field) in fields.enumerated() {
            let name = bytes + at
            for byte in field.name.utf8 { (bytes + at).storeBytes(of: byte, as: UInt8.self); at += 1 }
            let value = bytes + at
            for byte in field.value.utf8 { (bytes + at).storeBytes(of: byte, as: UInt8.self); at += 1 }
            pairs[i] = nghttp2_nv(
                name: name.assumingMemoryBound(to: UInt8.self), value: value.assumingMemoryBound(to: UInt8.self),
                namelen: field.name.utf8.count, valuelen: field.value.utf8.count,
                flags: UInt8(NGHTTP2_NV_FLAG_NO_COPY_NAME.rawValue | NGHTTP2_NV_FLAG_NO_COPY_VALUE.rawValue))
        }
    }

    deinit {
        pairs.deallocate()
        bytes.deallocate()
    }
}
