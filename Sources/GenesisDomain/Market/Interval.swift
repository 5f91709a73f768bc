/// A kline interval as Binance names it (`1m`, `15m`, `1h`, `1d`…).
public struct Interval: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let milliseconds: Int64

    /// The fixed-length intervals Binance publishes (`1M` varies in length and
    /// is left out on purpose).
    public static let known: [(String, Int64)] = [
        ("1s", 1_000), ("1m", 60_000), ("3m", 180_000), ("5m", 300_000), ("15m", 900_000),
        ("30m", 1_800_000), ("1h", 3_600_000), ("2h", 7_200_000), ("4h", 14_400_000),
        ("6h", 21_600_000), ("8h", 28_800_000), ("12h", 43_200_000), ("1d", 86_400_000),
        ("3d", 259_200_000), ("1w", 604_800_000),
    ]

    public init?(_ name: String) {
        guard let match = Interval.known.first(where: { $0.0 == name }) else { return nil }
        self.name = match.0
        self.milliseconds = match.1
    }

    public static let oneMinute = Interval("1m")!

    public var description: String { name }

    /// The intervals a store of finer candles can build, UTC-aligned (1d
    /// at most: Binance's 3d and 1w candles follow their own calendar).
    public static var buildable: [String] { known.filter { $0.1 <= 86_400_000 }.map(\.0) }
    public static var allowedNames: String { known.map(\.0).joined(separator: ", ") }
}

/// A trading pair's name as Binance writes it: upper-case letters and digits.
public struct Symbol: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ text: String) throws(LineError) {
        try Self.validate(text)
        name = text
    }

    public var description: String { name }

    public static func validate(_ text: String) throws(LineError) {
        guard (2...20).contains(text.utf8.count), text.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || $0.isDigit }) else {
            throw LineError("symbol '\(text.prefix(30))' is not a Binance symbol (2–20 upper-case letters or digits, like BTCUSDT)")
        }
    }
}
