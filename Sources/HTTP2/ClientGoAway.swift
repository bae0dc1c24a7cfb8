/// A GOAWAY frame from the server, as the client needs it: streams above ``lastStreamID`` were not
/// processed (RFC 9113 section 6.8) and no new stream may open on the connection; the error code and
/// debug data explain why, in ``description``.
public struct ClientGoAway: Equatable, Sendable, CustomStringConvertible {
    /// The highest stream id the server processed (or may still process).
    public let lastStreamID: Int32
    public let errorCode: UInt32
    /// The debug data if it is short printable ASCII, else nil (``debugDataLength`` says how much there was).
    public let debugText: String?
    public let debugDataLength: Int

    /// Longest debug data quoted in ``description``.
    public static let maximumQuotedDebugData = 200

    public init(lastStreamID: Int32, errorCode: UInt32, debugData: UnsafeRawBufferPointer) {
        self.lastStreamID = lastStreamID
        self.errorCode = errorCode
        debugDataLength = debugData.count
        let printable = !debugData.isEmpty && debugData.count <= Self.maximumQuotedDebugData
            && debugData.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        debugText = printable ? String(decoding: debugData, as: UTF8.self) : nil
    }

    /// Whether the server processed (or may still process) stream `id`: it keeps running.
    public func processed(_ id: Int32) -> Bool { id > 0 && id <= lastStreamID }

    /// `GOAWAY (NO_ERROR, debug data "…")`.
    public var description: String {
        var text = "GOAWAY (\(HTTP2ErrorCode.name(errorCode))"
        if let debugText {
            text += ", debug data \"\(debugText)\""
        } else if debugDataLength > 0 {
            text += ", \(debugDataLength) bytes of unprintable debug data"
        }
        return text + ")"
    }
}
