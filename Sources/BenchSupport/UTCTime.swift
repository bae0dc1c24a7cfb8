/// A Unix time as its UTC calendar date and time of day, computed without Foundation or the C
/// library's time zone state (Howard Hinnant's days-to-civil algorithm). Formats the project's
/// two time stamps: ``iso8601`` for files' contents and ``compact`` for directory names.
///
/// ```swift
/// UTCTime(unixSeconds: 1_763_697_600).iso8601   // "2025-11-21T04:00:00Z"
/// UTCTime.now().compact                          // "20251121-040000"
/// ```
public struct UTCTime: Sendable, Hashable {
    /// The year, e.g. 2025.
    public var year: Int
    /// The month, 1–12.
    public var month: Int
    /// The day of the month, 1–31.
    public var day: Int
    /// The hour, 0–23.
    public var hour: Int
    /// The minute, 0–59.
    public var minute: Int
    /// The second, 0–59 (fractions of a second are dropped).
    public var second: Int

    /// The calendar time of `unixSeconds` (seconds since 1970-01-01T00:00:00Z; fractions dropped).
    public init(unixSeconds: Double) {
        let total = Int(unixSeconds.rounded(.down))
        let days = Self.floorDivision(total, 86_400)
        let secondOfDay = total - days * 86_400
        let z = days + 719_468
        let era = Self.floorDivision(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
    }

    /// The current time (``SystemClock/wallSeconds()``).
    public static func now() -> UTCTime {
        UTCTime(unixSeconds: SystemClock.wallSeconds())
    }

    /// `2025-11-21T04:00:00Z` (ISO 8601, UTC).
    public var iso8601: String {
        "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))T\(Self.twoDigits(hour)):\(Self.twoDigits(minute)):\(Self.twoDigits(second))Z"
    }

    /// `20251121-040000`: sorts in time order and is safe in file names.
    public var compact: String {
        "\(year)\(Self.twoDigits(month))\(Self.twoDigits(day))-\(Self.twoDigits(hour))\(Self.twoDigits(minute))\(Self.twoDigits(second))"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func floorDivision(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }
}
