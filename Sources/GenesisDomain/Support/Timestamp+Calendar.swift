/// UTC calendar dates and ISO 8601 text of a `Timestamp` by integer
/// arithmetic: every printed time (a report writes 100,000 of them) and every
/// period key goes through these, not a Foundation `Calendar` per call.
extension Timestamp {
    /// The first and last millisecond written by integer arithmetic (1970 to
    /// 9999); outside them Foundation's calendar (whose Gregorian calendar
    /// turns Julian before 1582).
    static let integerCalendarRange: ClosedRange<Int64> = 0...253_402_300_799_999

    /// `iso8601` appended to `out`: a report of 100,000 rows writes its text
    /// into one buffer, not a `String` per field.
    public func write(iso8601 out: inout [UInt8]) {
        let ms = milliseconds
        guard Self.integerCalendarRange.contains(ms) else { return out.append(contentsOf: calendarISO8601.utf8) }
        let day = ms / Timestamp.millisecondsPerDay, inDay = ms % Timestamp.millisecondsPerDay
        let date = Self.civil(day)
        func put(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + value / divisor % 10))
                divisor /= 10
            }
        }
        put(date.year, digits: 4)
        out.append(UInt8(ascii: "-"))
        put(date.month, digits: 2)
        out.append(UInt8(ascii: "-"))
        put(date.day, digits: 2)
        out.append(UInt8(ascii: "T"))
        put(inDay / 3_600_000, digits: 2)
        out.append(UInt8(ascii: ":"))
        put(inDay / 60_000 % 60, digits: 2)
        out.append(UInt8(ascii: ":"))
        put(inDay / 1000 % 60, digits: 2)
        out.append(UInt8(ascii: "."))
        put(inDay % 1000, digits: 3)
        out.append(UInt8(ascii: "Z"))
    }

    /// Gregorian date of a day number (H. Hinnant's `civil_from_days`); pure
    /// integer arithmetic, no calendar object per trade.
    static func civil(_ dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day number of a Gregorian date (`days_from_civil`).
    static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
