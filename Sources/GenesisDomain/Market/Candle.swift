import Foundation

/// One kline. `ts` on the stream is the moment the candle closed
/// (`openTime + interval`), because that is when its close is known.
public struct Candle: Sendable, Equatable {
    public var symbol: String
    public var interval: Interval
    public var openTime: Timestamp
    public var open: Decimal
    public var high: Decimal
    public var low: Decimal
    public var close: Decimal
    public var volume: Decimal

    public init(symbol: String, interval: Interval, openTime: Timestamp, open: Decimal, high: Decimal, low: Decimal, close: Decimal, volume: Decimal) {
        self.symbol = symbol
        self.interval = interval
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    public var closeTime: Timestamp { openTime.adding(milliseconds: interval.milliseconds) }

    /// Rejects candles no exchange could print: non-positive prices, negative
    /// volume, a high below the body or a low above it.
    public func validate() throws(LineError) {
        try validateBar(open: open, high: high, low: low, close: close, volume: volume)
    }

    public init(line: JSONLine) throws { try self.init(CandleLine(line: line)) }

    public init(_ line: CandleLine) throws {
        symbol = try line.symbolText()
        try Symbol.validate(symbol)
        let intervalName = try line.intervalText()
        guard let interval = Interval(intervalName) else {
            throw LineError("interval '\(intervalName.prefix(10))' is not one of \(Interval.allowedNames)")
        }
        self.interval = interval
        openTime = try line.openTimestamp()
        open = try line.decimal(.open)
        high = try line.decimal(.high)
        low = try line.decimal(.low)
        close = try line.decimal(.close)
        volume = try line.decimal(.volume)
        let ts = try line.timestamp()
        guard ts == closeTime else { throw LineError("ts \(ts.milliseconds) is not open_time + interval (\(closeTime.milliseconds))") }
        try validate()
    }

    public func encoded() -> [UInt8] {
        var line = JSONLineBuilder(type: .candle, ts: closeTime)
        line.field("symbol", symbol)
        line.field("interval", interval.name)
        line.field("open_time", openTime.milliseconds)
        line.field("open", open)
        line.field("high", high)
        line.field("low", low)
        line.field("close", close)
        line.field("volume", volume)
        return line.finishBytes()
    }
}

/// A candle as indicators see it: floating-point statistics, read straight
/// from the line without building decimals. Never used for money.
public struct Bar: Sendable {
    public var time: Timestamp
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(time: Timestamp, open: Double, high: Double, low: Double, close: Double, volume: Double) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    public init(line: JSONLine) throws { try self.init(CandleLine(line: line)) }

    public init(_ line: CandleLine) throws {
        time = try line.timestamp()
        open = try line.approximate(.open)
        high = try line.approximate(.high)
        low = try line.approximate(.low)
        close = try line.approximate(.close)
        volume = try line.approximate(.volume)
        try validateBar(open: open, high: high, low: low, close: close, volume: volume)
    }
}

/// The one plausibility rule for a bar, exact (`Decimal`) or statistical
/// (`Double`): positive prices, non-negative volume, a high and low that
/// enclose the open and close.
func validateBar<Number: Comparable & ExpressibleByIntegerLiteral & CustomStringConvertible>(
    open: Number, high: Number, low: Number, close: Number, volume: Number
) throws(LineError) {
    guard open > 0, high > 0, low > 0, close > 0 else { throw LineError("prices must be positive") }
    guard volume >= 0 else { throw LineError("volume must not be negative") }
    guard high >= low, high >= open, high >= close, low <= open, low <= close else {
        throw LineError("high/low do not enclose open/close (high \(high), low \(low), open \(open), close \(close))")
    }
}
