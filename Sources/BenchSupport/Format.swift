/// Number formatting without Foundation.
public enum Format {
    /// `value` with `digits` decimals.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let negative = value < 0
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9.0e18 else { return "\(value)" }
        let n = UInt64(scaled)
        let whole = n / UInt64(scale)
        var text = (negative && n > 0 ? "-" : "") + String(whole)
        if digits > 0 {
            var fraction = String(n % UInt64(scale))
            while fraction.count < digits { fraction = "0" + fraction }
            text += "." + fraction
        }
        return text
    }

    /// A duration in nanoseconds as µs or ms with a unit.
    public static func duration(_ nanoseconds: UInt64) -> String {
        if nanoseconds < 1_000_000 { return fixed(Double(nanoseconds) / 1e3, 1) + " µs" }
        return fixed(Double(nanoseconds) / 1e6, 2) + " ms"
    }

    /// A byte count with a binary unit: "512 B", "3.5 KiB", "11.88 MiB".
    public static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1 << 20 { return fixed(Double(count) / 1024, 1) + " KiB" }
        return fixed(Double(count) / 1_048_576, 2) + " MiB"
    }

    /// `text` padded on the left to `width`.
    public static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// A percentile label: 50 → "50", 99.9 → "99.9", 99.99 → "99.99".
    public static func trimmed(_ value: Double) -> String {
        var text = fixed(value, 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
