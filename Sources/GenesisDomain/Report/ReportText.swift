import Foundation

/// Text of times and amounts for reports with a row per fill (issue 18).
/// `Timestamp.iso8601` builds a `Calendar` and a format string per call and
/// `Decimal.plainText` goes through `description`: per row of 100,000 that
/// was most of `gen-report tax`. These write the same text with integer
/// arithmetic; `ReportTextTests` checks them against the originals.
public enum ReportText {
    /// The first and last millisecond written by integer arithmetic (1970 to
    /// 9999); outside them `Timestamp.iso8601` (whose Gregorian calendar
    /// turns Julian before 1582).
    static let fastRange: ClosedRange<Int64> = 0...253_402_300_799_999

    /// `Timestamp.iso8601`: `2024-03-01T12:34:56.789Z`.
    public static func iso8601(_ time: Timestamp) -> String {
        let ms = time.milliseconds
        guard fastRange.contains(ms) else { return time.iso8601 }
        let day = ms / Timestamp.millisecondsPerDay, inDay = ms % Timestamp.millisecondsPerDay
        let date = TradeBreakdown.civil(day)
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, at offset: Int, digits: Int) {
            var value = value
            for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                bytes[index] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(date.year, at: 0, digits: 4)
        put(date.month, at: 5, digits: 2)
        put(date.day, at: 8, digits: 2)
        put(inDay / 3_600_000, at: 11, digits: 2)
        put(inDay / 60_000 % 60, at: 14, digits: 2)
        put(inDay / 1000 % 60, at: 17, digits: 2)
        put(inDay % 1000, at: 20, digits: 3)
        for (offset, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (23, "Z")] as [(Int, Unicode.Scalar)] {
            bytes[offset] = UInt8(ascii: byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTC calendar year of a time (`Int(time.utcDate.prefix(4))`).
    public static func year(_ time: Timestamp) -> Int {
        guard fastRange.contains(time.milliseconds) else { return Int(time.utcDate.prefix(4)) ?? 0 }
        return Int(TradeBreakdown.civil(time.utcDay).year)
    }

    /// `Decimal.plainText`, from the mantissa and exponent when the
    /// mantissa fits 64 bits.
    public static func plain(_ value: Decimal) -> String {
        guard let parts = value.parts else { return value.plainText }
        if parts.mantissa == 0 { return "0" }
        var digits = String(parts.mantissa)
        if parts.exponent > 0 {
            digits += String(repeating: "0", count: parts.exponent)
        } else if parts.exponent < 0 {
            let places = -parts.exponent
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return parts.negative ? "-" + digits : digits
    }
}

extension HoldingPeriod {
    /// `isLongTerm` in day numbers: the UTC dates of both times, the
    /// anniversary a year after the purchase date (29 February → 28
    /// February), or `longTermDays` calendar days. Before 1970 the
    /// `Calendar` of `isLongTerm`.
    func isLongTermFast(acquired: Timestamp, sold: Timestamp) -> Bool {
        guard ReportText.fastRange.contains(acquired.milliseconds), ReportText.fastRange.contains(sold.milliseconds),
              acquired.milliseconds < 253_370_764_800_000 /* 9999-01-01: its anniversary is still in range */ else {
            return isLongTerm(acquired: acquired, sold: sold)
        }
        let bought = acquired.utcDay, disposed = sold.utcDay
        if let days = longTermDays { return disposed - bought > Int64(days) }
        let date = TradeBreakdown.civil(bought)
        let nextYear = date.year + 1
        let leap = nextYear % 4 == 0 && (nextYear % 100 != 0 || nextYear % 400 == 0)
        let anniversary = TradeBreakdown.dayNumber(year: nextYear, month: date.month, day: date.month == 2 && date.day == 29 && !leap ? 28 : date.day)
        return disposed > anniversary
    }
}
