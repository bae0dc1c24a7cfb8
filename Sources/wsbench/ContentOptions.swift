import ArgumentParser
import LoadGenerator

/// The message-content options `wsbench load` and `wsbench matrix` share: a generated kind and its
/// seed, or a payload file to replay.
struct ContentOptions: ParsableArguments {
    @Option(
        help:
            "Payload content: \(PayloadContent.selectableList) (default ticks; json is one synthetic template that compresses unrealistically well)."
    )
    var content: String?
    @Option(help: "Seed of the generated content (same seed, same messages).")
    var contentSeed: UInt64 = 1
    @Option(
        help:
            "Replay the messages of this file instead (.jsonl/.ndjson: one text message per line; .bin: 4-byte big-endian length + bytes, binary); the stamp overwrites bytes 8-23 of each."
    )
    var payloadFile: String?
    @Option(help: "Format of --payload-file when its extension does not say: jsonl or binary.")
    var payloadFormat: String?

    /// The content kind, its seed and the payload file (nil without one); `sizeOption` (e.g.
    /// `--size`, when given) and `--text` cannot go with a payload file.
    func chosen(sizeOption: String?, text: Bool) throws(ValidationError) -> (PayloadContent, UInt64, PayloadFile?) {
        let conflicting = [sizeOption, content.map { _ in "--content" }, text ? "--text" : nil]
        if let file = try PayloadFile.argument(path: payloadFile, format: payloadFormat, conflicting: conflicting) {
            return (.file, contentSeed, file)
        }
        return (try PayloadContent.argument(content ?? "ticks"), contentSeed, nil)
    }
}
