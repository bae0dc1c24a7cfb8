import EchoServer
import LoadGenerator
import PerMessageDeflate
import WebSocketCore

/// What `wsbench matrix` sweeps and how. The defaults are the quick sweep README's benchmark command
/// runs: 3 payload sizes × compression off/on × 100 connections, 3 interleaved rounds of 5 s (+1 s
/// warm-up) each — about two minutes on a 2-core machine.
public struct MatrixConfiguration: Sendable {
    /// The server to measure; nil = start the built-in one (`wsbench serve`) as a child process.
    public var target: TargetURL? = nil
    public var sizes: [Int] = [20, 1024, 16384]
    /// A setting's library suffix (`on-isal`) picks the built-in server's library for its cells.
    public var compressions: [CompressionSetting] = [.off, .on]
    /// The load generator's DEFLATE library in every compressed cell (`wsbench matrix
    /// --deflate-impl`; nil = automatic, the fastest valid one).
    public var loadDeflateImplementation: DeflateImplementation? = nil
    /// Plain and/or TLS cells (built-in server only; default: plain).
    public var transports: [MatrixTransport] = [.ws]
    /// WebSockets per TCP connection for the HTTP/2 transports (`h2c`, `h2`); other transports run once, with 1.
    public var streamsPerConnection: [Int] = [1]
    public var connections: [Int] = [100]
    public var modes: [LoadMode] = [.closedLoop(inFlight: 1)]
    public var opcode: Opcode = .binary
    /// What payloads contain: the realistic `ticks` by default (see `PayloadContent`).
    public var content: PayloadContent = .ticks
    /// The seed of generated content.
    public var contentSeed: UInt64 = 1
    /// Messages to replay in every cell instead of generated ones (with content `.file`).
    public var payloadFile: PayloadFile? = nil
    /// Runs per cell; the median is reported and the spread kept.
    public var repeats = 3
    public var durationSeconds = 5.0
    public var warmupSeconds = 1.0
    public var serverThreads = 1
    /// CPUs for the built-in server's loops, and for the load generator's threads.
    public var serverCPUs: [Int] = [0]
    public var loadThreads = 1
    public var loadCPUs: [Int] = [1]
    /// Run both sides at real-time priority (SCHED_RR 1, like `chrt -r 1`) when allowed. Off by
    /// default: with `kernel.sched_rt_runtime_us` below the period, a side that saturates its core
    /// at real-time priority is parked for the rest of every period (~50 ms a second), which puts a
    /// step into every latency tail. Worth it only for throughput sweeps on a busy machine.
    public var realTime = false
    /// When a run is marked as disturbed by its environment.
    public var disturbanceRule = DisturbanceRule()
    /// Extra arguments for the built-in server (e.g. `--no-compress-replies`).
    public var serverArguments: [String] = []
    /// Write an `.hlog` per cell and round.
    public var histogramLogs = false
    /// The `wsbench` executable that starts the built-in server (default: this process's own).
    public var executable = "/proc/self/exe"
    // Fleet mode (`--shard I/N`, external target only; merged by `wsbench merge --matrix`).
    /// The slice of every cell's load this process runs.
    public var shard: ShardSpec = .whole
    /// When the first cell starts (every shard of the sweep is given the same); the others follow
    /// on the ``MatrixShardSchedule``. Required with a shard other than the whole.
    public var start: ShardStart? = nil
    /// The command line (arguments after `wsbench`), recorded in a shard's `shard.json` so that
    /// `wsbench merge --matrix` can rebuild the sweep.
    public var commandLine: [String] = []

    public init() {}

    /// The cells, in sweep order.
    public var cells: [MatrixCell] {
        var cells: [MatrixCell] = []
        for mode in modes {
            for connections in connections {
                for size in sizes {
                    for compression in compressions {
                        for transport in transports {
                            for streams in transport.isHTTP2 ? streamsPerConnection : [1] {
                                cells.append(MatrixCell(
                                    mode: mode, connections: connections, payloadBytes: size, opcode: opcode, content: content,
                                    compression: compression, transport: transport, streamsPerConnection: streams))
                            }
                        }
                    }
                }
            }
        }
        return cells
    }

    /// Why the compression settings cannot run as asked, or nil: a library suffix (`on-isal`) picks
    /// the built-in server's library, so it cannot apply to an external `--url`, nor go with a
    /// server argument that sets `--deflate-impl` for the whole sweep.
    public var compressionProblem: String? {
        guard let suffixed = compressions.first(where: { $0.serverLibrary != nil }) else { return nil }
        if target != nil {
            return "compression \(suffixed.name): a -zlib/-isal/-libdeflate suffix picks the built-in server's DEFLATE library"
                + " and cannot apply to an external server (--url); drop the suffix, and pick the load generator's library"
                + " with --deflate-impl"
        }
        if serverArguments.contains(where: { ServeOption(argument: $0) == .deflateImpl }) {
            let flag = ServeOption.deflateImpl.flag
            return "compression \(suffixed.name) and --server-arg=\(flag) both pick the built-in server's DEFLATE library:"
                + " give a -zlib/-isal/-libdeflate suffix per compression value, or --server-arg=\(flag)=LIB for the whole sweep,"
                + " not both"
        }
        return nil
    }

    /// The wall-clock estimate for the whole sweep, in seconds.
    public var estimatedSeconds: Double {
        Double(cells.count * repeats) * (durationSeconds + 1.5)
    }
}
