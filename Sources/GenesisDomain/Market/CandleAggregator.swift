import Foundation

/// Builds candles of a longer interval from finer ones exactly as Binance
/// builds its klines (DESIGN §10, timeframes): buckets aligned to UTC
/// multiples of the interval, open of the first row, highest high, lowest
/// low, close of the last row, volumes summed exactly. A bucket with missing
/// finer rows inside it (an exchange outage) is still a candle, as Binance's
/// is; only a bucket cut by the edge of the data, one whose first or last
/// finer row is missing at the start or end of what was read, is not emitted
/// as if it were whole.
public struct CandleAggregator: Sendable {
    public let fine: Interval
    public let coarse: Interval
    private var bucket: Int64?
    private var row: KlineRow?
    private var lastOpenTime: Int64 = 0
    private var volume = DecimalSum()
    private var high: Decimal = 0
    private var low: Decimal = 0
    /// The data began mid-bucket: the first bucket is not whole.
    private var startsWhole = true
    private var isFirst = true

    /// Intervals up to a day divide a UTC day, so their buckets align as
    /// Binance's do; 3d and 1w klines start on other boundaries and are
    /// replayed only as imported.
    public static func canAggregate(_ fine: Interval, into coarse: Interval) -> Bool {
        coarse.milliseconds > fine.milliseconds && coarse.milliseconds % fine.milliseconds == 0 && coarse.milliseconds <= Interval("1d")!.milliseconds
    }

    public init?(from fine: Interval, to coarse: Interval) {
        guard Self.canAggregate(fine, into: coarse) else { return nil }
        self.fine = fine
        self.coarse = coarse
    }

    /// Adds the next finer row (in time order); returns the bucket it closed, if any.
    public mutating func add(_ next: KlineRow) throws -> KlineRow? {
        guard let nextHigh = Decimal.parse(next.high), let nextLow = Decimal.parse(next.low), let nextVolume = Decimal.parse(next.volume) else {
            throw GenesisError.badInput(source: "candle \(next.openTime)", message: "high, low and volume must be decimals")
        }
        let start = next.openTime - next.openTime.modulo(coarse.milliseconds)
        var finished: KlineRow?
        if let bucket, start != bucket {
            finished = flush()
        }
        if row == nil || start != bucket {
            if isFirst { startsWhole = next.openTime == start }
            bucket = start
            row = KlineRow(openTime: start, open: next.open, high: next.high, low: next.low, close: next.close, volume: next.volume)
            volume = DecimalSum(nextVolume)
            high = nextHigh
            low = nextLow
        } else {
            if high.isExactlyLess(than: nextHigh) { high = nextHigh; row!.high = next.high }
            if nextLow.isExactlyLess(than: low) { low = nextLow; row!.low = next.low }
            volume.add(nextVolume)
            row!.close = next.close
        }
        lastOpenTime = next.openTime
        return finished
    }

    /// The last bucket, when the data reached its end; nil when it stops short.
    public mutating func finish() -> KlineRow? {
        guard let bucket, lastOpenTime + fine.milliseconds == bucket + coarse.milliseconds else { return nil }
        return flush()
    }

    private mutating func flush() -> KlineRow? {
        defer {
            row = nil
            isFirst = false
        }
        guard var done = row, !isFirst || startsWhole else { return nil }
        done.volume = volume.total.plainText
        return done
    }
}

extension Int64 {
    /// The remainder with the divisor's sign (so times before 1970 align too).
    public func modulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
