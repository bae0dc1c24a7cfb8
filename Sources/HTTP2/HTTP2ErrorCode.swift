/// HTTP/2 error codes (RFC 9113 section 7), as RST_STREAM and GOAWAY carry them.
public enum HTTP2ErrorCode {
    /// The stream was refused before any processing: the request may be retried elsewhere.
    public static let refusedStream: UInt32 = 0x7

    /// The code's name (`NO_ERROR`, `REFUSED_STREAM`, …), or `0x…` for a code RFC 9113 does not define.
    public static func name(_ code: UInt32) -> String {
        let names = [
            "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
            "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
            "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
        ]
        if code < names.count { return names[Int(code)] }
        return "0x" + String(code, radix: 16)
    }
}
