/// Number and text formatting for the content generators (start-up only, not the hot path).
enum ContentText {
    /// `value / 10^places` with exactly `places` decimals: `decimal(-1234, places: 2)` is `-12.34`.
    static func decimal(_ value: Int, places: Int) -> String {
        var divisor = 1
        for _ in 0..<places { divisor *= 10 }
        let magnitude = value.magnitude
        let whole = magnitude / UInt(divisor)
        let fraction = String(magnitude % UInt(divisor))
        let sign = value < 0 ? "-" : ""
        if places == 0 { return sign + String(whole) }
        return sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// `value` as `digits` lowercase hex digits (leading zeros kept).
    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return text.count >= digits ? String(text.suffix(digits)) : String(repeating: "0", count: digits - text.count) + text
    }

    /// `value` with at least two digits: `7` is `07`.
    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
