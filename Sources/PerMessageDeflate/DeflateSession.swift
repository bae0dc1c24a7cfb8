import WebSocketCore

/// The permessage-deflate state of one connection: a ``MessageDeflater`` for what it sends, a
/// ``MessageInflater`` for what it receives, and the sending policy (minimum size, per-message
/// opt-out). Nothing is allocated in zlib until the first compressed message in each direction.
///
/// Sending: `if let compressed = session.compress(payload, flags:)` send `compressed` with RSV1 on
/// the first frame, else send `payload` uncompressed. Receiving: for a message whose first frame had
/// RSV1, `inflater.append` each frame payload, then `inflater.finish()` at FIN.
public final class DeflateSession {
    /// The negotiated parameters.
    public let parameters: DeflateParameters
    /// This endpoint's role.
    public let role: Role
    /// The compressor of outgoing messages.
    public let deflater: MessageDeflater
    /// The decompressor of incoming messages.
    public let inflater: MessageInflater
    /// Messages shorter than this are sent uncompressed.
    public let minimumMessageSize: Int

    /// Creates the state for one connection.
    public init(
        parameters: DeflateParameters, role: Role, compressionLevel: Int = 1, memoryLevel: Int = 4,
        minimumMessageSize: Int = 64, maximumMessageSize: Int = 16 << 20,
        deflateBuffer: DeflateBuffer = DeflateBuffer(), inflateBuffer: DeflateBuffer = DeflateBuffer(),
        implementation: DeflateImplementation? = .zlib, workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        self.parameters = parameters
        self.role = role
        self.minimumMessageSize = minimumMessageSize
        deflater = MessageDeflater(
            parameters: parameters, role: role, level: compressionLevel, memoryLevel: memoryLevel,
            buffer: deflateBuffer, implementation: implementation, workspace: workspace)
        inflater = MessageInflater(
            parameters: parameters, role: role, maximumMessageSize: maximumMessageSize, buffer: inflateBuffer,
            implementation: implementation, workspace: workspace)
    }

    /// Creates a server's state from the negotiated parameters and its options.
    public convenience init(
        server parameters: DeflateParameters, options: DeflateOptions, workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        self.init(
            parameters: parameters, role: .server, compressionLevel: options.compressionLevel,
            memoryLevel: options.memoryLevel, minimumMessageSize: options.minimumMessageSize,
            maximumMessageSize: options.maximumMessageSize, implementation: options.implementation,
            workspace: workspace)
    }

    /// Creates a client's state from the negotiated parameters and its options.
    public convenience init(
        client parameters: DeflateParameters, options: DeflateClientOptions, workspace: DeflateWorkspace = DeflateWorkspace()
    ) {
        self.init(
            parameters: parameters, role: .client, compressionLevel: options.compressionLevel,
            memoryLevel: options.memoryLevel, minimumMessageSize: options.minimumMessageSize,
            maximumMessageSize: options.maximumMessageSize, implementation: options.implementation,
            workspace: workspace)
    }

    /// Compresses an outgoing text or binary message, or returns nil to send it uncompressed: when
    /// `flags` contains ``DeflateMessageFlags/disableCompression``, when it is shorter than
    /// ``minimumMessageSize``, or (without context takeover only, where skipping a message cannot
    /// desynchronise the peer's window) when compression would not make it smaller.
    /// Control frames must never be passed here.
    public func compress(_ payload: UnsafeRawBufferPointer, flags: DeflateMessageFlags = []) -> UnsafeRawBufferPointer? {
        if flags.contains(.disableCompression) || payload.count < minimumMessageSize { return nil }
        let compressed = deflater.compress(payload)
        if deflater.noContextTakeover && compressed.count >= payload.count { return nil }
        return compressed
    }

    /// Bytes this connection holds for compression: both zlib states (or ISA-L history windows) and
    /// both output buffers (not the shared ``DeflateWorkspace``).
    public var allocatedBytes: Int {
        deflater.zlibBytes + inflater.zlibBytes + deflater.buffer.capacity + inflater.buffer.capacity
    }
}
