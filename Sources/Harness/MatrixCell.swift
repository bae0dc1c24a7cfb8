import LoadGenerator
import WebSocketCore

/// One cell of a sweep: a load configuration that is run `repeats` times.
public struct MatrixCell: Sendable {
    public var mode: LoadMode
    public var connections: Int
    public var payloadBytes: Int
    public var opcode: Opcode
    public var content: PayloadContent
    public var compression: CompressionSetting
    /// Plain or TLS (`--transports`).
    public var transport: MatrixTransport = .ws
    /// WebSockets per TCP connection (HTTP/2 transports; 1 otherwise). `connections` counts TCP connections.
    public var streamsPerConnection = 1

    /// A stable name, used as the cell's key by `wsbench compare` and as its file name. A `wss` cell
    /// ends in `-wss` (`-h2c`, `-h2`, then `-k10` for 10 streams per connection); a `ws` cell keeps the
    /// name it had before the transport axis, so earlier result directories still compare.
    public var name: String {
        "\(modeName)-c\(connections)-s\(payloadBytes)-\(opcode == .text ? "text" : "binary")-\(content.rawValue)-\(compression.name)"
            + (transport == .ws ? "" : "-\(transport.rawValue)") + (streamsPerConnection == 1 ? "" : "-k\(streamsPerConnection)")
    }

    /// `closed1` (closed loop, 1 in flight) or `open50000` (open loop at 50,000 messages/s).
    public var modeName: String {
        switch mode {
        case .closedLoop(let n): return "closed\(n)"
        case .openLoop(let rate): return "open\(Int(rate))"
        }
    }
}
