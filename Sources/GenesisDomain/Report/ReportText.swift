import Foundation

/// Text of times and amounts for reports with a row per fill (issue 18).
/// Foundation's calendar (a `Calendar` and a format string per call) and
/// `Decimal.plainText` (through `description`) were, per row of 100,000,
/// most of `gen-report tax`. These write the same text with integer
/// arithmetic (times: `Timestamp.write(iso8601:)`); `ReportTextTests` checks
/// them against Foundation's.
public enum ReportText {
    /// The UTC calendar year of a time (`Int(time.utcDate.prefix(4))`).
    public static func year(_ time: Timestamp) -> Int {
        guard Timestamp.integerCalendarRange.contains(time.milliseconds) else { return Int(time.utcDate.prefix(4)) ?? 0 }
        return Int(Timestamp.civil(time.utcDay).year)
    }

    /// `Decimal.plainText`, from the mantissa and exponent when the
    /// mantissa fits 64 bits.
    public static func plain(_ value: Decimal) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(plain: value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `plain` appended to `out`: the mantissa's digits, the point placed by
    /// the exponent (a `0` before it when the digits are all decimals), the
    /// decimals' trailing zeros dropped.
    public static func write(plain value: Decimal, to out: inout [UInt8]) {
        guard let parts = value.parts else { return out.append(contentsOf: value.plainText.utf8) }
        if parts.mantissa == 0 { return out.append(UInt8(ascii: "0")) }
        if parts.negative { out.append(UInt8(ascii: "-")) }
        var count = 0, rest = parts.mantissa
        while rest > 0 { count += 1; rest /= 10 }
        let places = max(0, -parts.exponent)
        if count <= places {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            for _ in 0..<(places - count) { out.append(UInt8(ascii: "0")) }
        }
        // The digits, most significant first, with the point before the last `places` of them.
        var divisor: UInt64 = 1
        for _ in 1..<count { divisor *= 10 }
        var left = count
        while left > 0 {
            if left == places, count > places { out.append(UInt8(ascii: ".")) }
            out.append(UInt8(48 + parts.mantissa / divisor % 10))
            divisor /= 10
            left -= 1
        }
        if parts.exponent > 0 {
            for _ in 0..<parts.exponent { out.append(UInt8(ascii: "0")) }
        } else if places > 0 {
            while out.last == UInt8(ascii: "0") { out.removeLast() }
            if out.last == UInt8(ascii: ".") { out.removeLast() }
        }
    }
}

extension HoldingPeriod {
    /// `isLongTerm` in day numbers: the UTC dates of both times, the
    /// anniversary a year after the purchase date (29 February → 28
    /// February), or `longTermDays` calendar days. Before 1970 the
    /// `Calendar` of `isLongTerm`.
    func isLongTermFast(acquired: Timestamp, sold: Timestamp) -> Bool {
        guard Timestamp.integerCalendarRange.contains(acquired.milliseconds), Timestamp.integerCalendarRange.contains(sold.milliseconds),
              acquired.milliseconds < 253_370_764_800_000 /* 9999-01-01: its anniversary is still in range */ else {
            return isLongTerm(acquired: acquired, sold: sold)
        }
        let bought = acquired.utcDay, disposed = sold.utcDay
        if let days = longTermDays { return disposed - bought > Int64(days) }
        let date = Timestamp.civil(bought)
        let nextYear = date.year + 1
        let leap = nextYear % 4 == 0 && (nextYear % 100 != 0 || nextYear % 400 == 0)
        let anniversary = Timestamp.dayNumber(year: nextYear, month: date.month, day: date.month == 2 && date.day == 29 && !leap ? 28 : date.day)
        return disposed > anniversary
    }
}
