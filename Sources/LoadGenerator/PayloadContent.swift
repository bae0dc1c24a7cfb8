/// What message payloads contain.
///
/// The realistic kinds (`ticks`, `chat`, `game`, `logs`) are streams of JSON records generated
/// from a seed at start-up: every size gets a pool of distinct messages (``ContentPool``), cycled, so
/// with context takeover a compressor sees a varied stream, as it would in production. `json` is the
/// old single synthetic template and `random` does not compress at all.
public enum PayloadContent: String, Sendable, Equatable, CaseIterable {
    /// Market ticks and trades (``TickRecords``): what an exchange's market-data feed streams.
    case ticks
    /// Chat messages (``ChatRecords``): what a chat or messaging gateway delivers.
    case chat
    /// Game-state updates (``GameRecords``): what a multiplayer game server broadcasts per tick.
    case game
    /// Structured log lines (``LogRecords``): what a log-tailing or observability stream carries.
    case logs
    /// One synthetic JSON-like template per size, only its stamp changing: compresses far better
    /// than real traffic (about 44× at 1 KiB with context takeover). Kept for comparisons with
    /// earlier results.
    case json
    /// Random bytes (random printable ASCII for text messages), a pool per size: does not compress.
    case random
    /// The messages of a payload file (``PayloadFile``); set with `LoadConfiguration.payloadFile`.
    case file

    /// The kinds `--content` accepts (`file` is chosen with `--payload-file` instead).
    public static let selectable: [PayloadContent] = [.ticks, .chat, .game, .logs, .json, .random]

    /// The kinds as the option's help lists them: `ticks, chat, game, logs, json or random`.
    public static var selectableList: String {
        selectable.dropLast().map(\.rawValue).joined(separator: ", ") + " or " + selectable.last!.rawValue
    }
}
