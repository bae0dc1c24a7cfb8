/// Where one WebSocket's frames come from and its echoes go: the socket of an HTTP/1.1 connection,
/// or one stream of an HTTP/2 connection (RFC 8441). `processFrames` takes one, so both protocols
/// share the same echo, verification and close logic; only the last step — write to the socket, or
/// queue as the stream's DATA — differs.
///
/// Trivial to copy (a descriptor and an unmanaged reference): the HTTP/1.1 path pays no reference
/// counting for it.
struct EchoTarget {
    /// The connection's descriptor.
    let fd: Int32
    /// The HTTP/2 stream, or nil for the socket's own WebSocket (HTTP/1.1).
    let stream: Unmanaged<HTTP2StreamSlot>?

    /// An HTTP/1.1 connection's WebSocket.
    @inline(__always)
    init(fd: Int32) {
        self.fd = fd
        stream = nil
    }

    /// A WebSocket on an HTTP/2 stream of connection `fd`.
    init(fd: Int32, stream: HTTP2StreamSlot) {
        self.fd = fd
        self.stream = Unmanaged.passUnretained(stream)
    }
}
