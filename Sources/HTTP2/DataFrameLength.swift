import CNghttp2

/// How much DATA nghttp2 puts in one frame. Without this callback nghttp2 cuts every DATA frame at
/// 16,384 bytes whatever the peer allows, so a 16 KiB WebSocket message plus its frame header crossed
/// two DATA frames each way and the server assembled it from two chunks.
public enum DataFrameLength {
    /// As much as both flow-control windows and the peer's `SETTINGS_MAX_FRAME_SIZE` allow: with it a
    /// 16 KiB echo over h2c cost the server 12.2 instead of 15.5 µs/msg (HTTP/1.1: 9.5; results/http2.md).
    public static let largestAllowed: nghttp2_data_source_read_length_callback = {
        _, _, _, sessionWindow, streamWindow, remoteMaximumFrameSize, _ in
        max(1, min(Int(min(sessionWindow, streamWindow)), Int(remoteMaximumFrameSize)))
    }
}
