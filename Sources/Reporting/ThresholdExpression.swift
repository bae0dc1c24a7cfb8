import BenchSupport

/// One parsed `--threshold`: `[cell=~REGEX:]METRIC OP NUMBER[UNIT]`, e.g. `p99<5ms`, `p99.9<20ms`,
/// `msgs_per_s>=100k`, `errors==0`, `send_lag_p99<100us`, `server_us_per_msg<=8`, `cell=~s16384:p99<10ms`.
///
/// Grammar (blanks allowed around the operator and before the unit):
/// ```
/// threshold := [ "cell=~" regex ":" ] metric op number [ unit ]
/// metric    := one of ThresholdMetric.all (p50 p90 p99 p99.9 p99.99 max send_lag_p99 msgs_per_s …)
/// op        := "<" | "<=" | ">" | ">=" | "==" | "!="
/// unit      := ns | us | µs | ms | s        (latencies: required; server_us_per_msg: optional, default µs)
///            | k | M | G                   (counts and rates: ×10³, ×10⁶, ×10⁹)
/// ```
/// The regex is everything between `cell=~` and the last `:`, matched anywhere in the cell name
/// (Swift `Regex` syntax). Limits are stored in the metric's unit (microseconds for times).
public struct ThresholdExpression: Sendable, Equatable, CustomStringConvertible {
    /// The text as given (blanks trimmed).
    public var text: String
    /// The cell-name pattern, or nil for every cell.
    public var cellPattern: String?
    public var metric: ThresholdMetric
    public var comparison: ThresholdOperator
    /// The limit in the metric's unit (µs for times).
    public var limit: Double

    public var description: String { text }

    /// Parses `text`, or says where it goes wrong and what was expected there.
    public static func parse(_ text: String) throws(ThresholdSyntaxError) -> ThresholdExpression {
        var scanner = Scanner(text: text)
        return try scanner.expression()
    }

    /// Whether the threshold applies to the cell called `name`.
    public func applies(toCell name: String) -> Bool {
        guard let cellPattern else { return true }
        guard let regex = try? Regex(cellPattern) else { return false }
        return name.contains(regex)
    }

    /// The scanner over the threshold's characters.
    private struct Scanner {
        let original: String
        let characters: [Character]
        var index = 0

        init(text: String) {
            original = text
            var trimmed = Substring(text)
            while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
            while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
            characters = Array(trimmed)
            // Columns count in the text as given: skip the leading blanks the trim removed.
            leading = text.count - text.drop(while: \.isWhitespace).count
        }

        let leading: Int

        func fail(_ problem: String, at position: Int? = nil) -> ThresholdSyntaxError {
            ThresholdSyntaxError(text: original, column: leading + (position ?? index) + 1, problem: problem)
        }

        var current: Character? { index < characters.count ? characters[index] : nil }

        mutating func skipBlanks() { while current?.isWhitespace == true { index += 1 } }

        mutating func expression() throws(ThresholdSyntaxError) -> ThresholdExpression {
            if characters.isEmpty { throw fail("expected a metric such as p99, msgs_per_s or errors (the threshold is empty)") }
            var pattern: String? = nil
            let prefix = Array("cell=~")
            if characters.starts(with: prefix) {
                guard let colon = characters.lastIndex(of: ":"), colon >= prefix.count else {
                    throw fail("expected ':' after the cell pattern (cell=~PATTERN:METRIC…)", at: characters.count)
                }
                let text = String(characters[prefix.count..<colon])
                if text.isEmpty { throw fail("expected a cell pattern after cell=~", at: prefix.count) }
                do {
                    _ = try Regex(text)
                } catch {
                    throw fail("the cell pattern is not a valid regular expression (\(error))", at: prefix.count)
                }
                pattern = text
                index = colon + 1
            } else if characters.starts(with: Array("cell")), characters.count > 4, characters[4] == "=" || characters[4] == "~" {
                throw fail("expected 'cell=~' followed by a pattern and ':'", at: 4)
            }
            skipBlanks()
            let metricStart = index
            while let c = current, c.isLetter || c.isNumber || c == "_" || c == "." { index += 1 }
            let name = String(characters[metricStart..<index])
            if name.isEmpty { throw fail("expected a metric such as p99, msgs_per_s or errors") }
            guard let metric = ThresholdMetric.named(name) else {
                let known = ThresholdMetric.all.map(\.name).joined(separator: ", ")
                throw fail("unknown metric '\(name)'; expected one of \(known)", at: metricStart)
            }
            skipBlanks()
            guard let comparison = comparisonOperator() else {
                throw fail("expected an operator (<, <=, >, >=, ==, !=) after \(name)")
            }
            skipBlanks()
            let numberStart = index
            while let c = current, c.isASCII && (c.isNumber || c == ".") { index += 1 }
            let digits = String(characters[numberStart..<index])
            guard !digits.isEmpty, let number = Double(digits) else {
                throw fail(digits.isEmpty ? "expected a number after \(comparison.rawValue)" : "'\(digits)' is not a number", at: numberStart)
            }
            skipBlanks()
            let unitStart = index
            while let c = current, c.isLetter { index += 1 }
            let unit = String(characters[unitStart..<index])
            skipBlanks()
            if index < characters.count {
                throw fail("unexpected '\(String(characters[index...]))' after the limit")
            }
            let limit = try scaled(number, unit: unit, metric: metric, at: unitStart)
            return ThresholdExpression(
                text: String(characters), cellPattern: pattern, metric: metric, comparison: comparison, limit: limit)
        }

        mutating func comparisonOperator() -> ThresholdOperator? {
            for candidate in ThresholdOperator.allCases {  // two-character operators come first
                let symbol = Array(candidate.rawValue)
                if index + symbol.count <= characters.count, Array(characters[index..<index + symbol.count]) == symbol {
                    index += symbol.count
                    return candidate
                }
            }
            return nil
        }

        func scaled(_ number: Double, unit: String, metric: ThresholdMetric, at position: Int) throws(ThresholdSyntaxError) -> Double {
            let times: [String: Double] = ["ns": 0.001, "us": 1, "µs": 1, "μs": 1, "ms": 1000, "s": 1_000_000]
            switch metric.kind {
            case .duration, .microseconds:
                if unit.isEmpty {
                    if metric.kind == .microseconds { return number }
                    throw fail("expected a unit (ns, us, ms, s) after \(Format.trimmed(number)): \(metric.name) is a time", at: position)
                }
                guard let factor = times[unit] else {
                    throw fail("unknown unit '\(unit)'; expected ns, us, ms or s", at: position)
                }
                return number * factor
            case .number:
                let multipliers: [String: Double] = ["": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9]
                guard let factor = multipliers[unit] else {
                    throw fail("unknown suffix '\(unit)' for \(metric.name); expected none, k, M or G", at: position)
                }
                return number * factor
            }
        }
    }
}
