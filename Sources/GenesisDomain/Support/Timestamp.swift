import Foundation

/// A point in time as integer epoch milliseconds (UTC), the `ts` unit of the
/// event stream. Integer arithmetic keeps replay fast and day boundaries exact.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let millisecondsPerDay: Int64 = 86_400_000

    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(_ date: Date) { self.milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }

    /// The UTC day number since 1970-01-01; daily limits reset when it changes.
    public var utcDay: Int64 {
        milliseconds >= 0 ? milliseconds / Self.millisecondsPerDay : (milliseconds - Self.millisecondsPerDay + 1) / Self.millisecondsPerDay
    }

    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + delta) }

    /// `2024-03-01T12:34:56.789Z`: by integer arithmetic from 1970 to 9999
    /// (`write(iso8601:)`), by Foundation's Gregorian calendar outside it.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(iso8601: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The calendar's text, the reference the integer writer is tested against.
    var calendarISO8601: String {
        var components = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")!
        let parts = components.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let ms = Int(((milliseconds % 1000) + 1000) % 1000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!, ms)
    }

    /// `YYYY-MM-DD` of the UTC day.
    public var utcDate: String { String(iso8601.prefix(10)) }

    public var description: String { iso8601 }

    /// Parses `2024-01-31`, `2024-01-31T12:00:00Z` (with or without fraction)
    /// or integer epoch milliseconds.
    public init?(parsing text: String) {
        guard let value = Timestamp.parse(text) else { return nil }
        self = value
    }

    private static func parse(_ text: String) -> Timestamp? {
        if let ms = Int64(text) { return Timestamp(milliseconds: ms) }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if text.count == 10 {
            formatter.formatOptions = [.withFullDate]
        } else if text.contains(".") {
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        } else {
            formatter.formatOptions = [.withInternetDateTime]
        }
        return formatter.date(from: text).map(Timestamp.init)
    }
}
