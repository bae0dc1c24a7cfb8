import ArgumentParser
import LoadGenerator

extension PayloadContent {
    /// The content kind `--content` names; a validation error listing the kinds if it names none.
    static func argument(_ text: String) throws(ValidationError) -> PayloadContent {
        guard let content = PayloadContent(rawValue: text), selectable.contains(content) else {
            throw ValidationError("--content is \(selectableList)")
        }
        return content
    }
}

extension PayloadFile {
    /// Reads `--payload-file` `path` (in `--payload-format`, or as its extension says), nil
    /// without one; a validation error with the file's own message (naming the line or offset) if
    /// it cannot be replayed, or naming the first option in `conflicting` given with it (sizes,
    /// content and frame type come from the file).
    static func argument(path: String?, format: String?, conflicting: [String?]) throws(ValidationError) -> PayloadFile? {
        guard let path else {
            if format != nil { throw ValidationError("--payload-format goes with --payload-file") }
            return nil
        }
        if let option = conflicting.compactMap({ $0 }).first {
            throw ValidationError(
                "\(option) cannot be used with --payload-file: sizes, content and frame type come from the file")
        }
        var chosen: PayloadFileFormat? = nil
        if let format {
            guard let named = PayloadFileFormat(rawValue: format) else {
                throw ValidationError("--payload-format is jsonl or binary")
            }
            chosen = named
        }
        do {
            return try PayloadFile.load(path, format: chosen)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The mean message size, which stands for the file's sizes in reports.
    var meanSize: Int { messages.reduce(0) { $0 + $1.count } / messages.count }
}
