import Foundation
import GRDB
import GenesisDomain

/// What the HTML report's price charts read: a symbol's closes, downsampled in SQL.
extension Store {
    /// The closes of `symbol`'s finest stored interval for the candles that
    /// opened at or after `from` and closed by `to`, downsampled in one query
    /// to the close of the last candle of each bucket (`PriceSeries.bucket`),
    /// so a year of minute candles comes back as at most `maxPoints` points.
    /// nil when the symbol has no stored candles.
    public func priceSeries(symbol: String, from: Timestamp, to: Timestamp, maxPoints: Int = 1500) throws -> PriceSeries? {
        guard let interval = try storedIntervals(symbol: symbol).min(by: { $0.milliseconds < $1.milliseconds }) else { return nil }
        let bucket = PriceSeries.bucket(interval: interval, from: from, to: to, maxPoints: maxPoints)
        let points = try read { db in
            // SQLite takes the bare column `close` from the row that holds the MAX.
            try Row.fetchAll(db, sql: """
                SELECT MAX(open_time) AS open_time, close FROM candles
                WHERE symbol = ? AND interval = ? AND open_time >= ? AND open_time + ? <= ?
                GROUP BY (open_time - ?) / ? ORDER BY 1
                """, arguments: [symbol, interval.name, from.milliseconds, interval.milliseconds, to.milliseconds, from.milliseconds, bucket])
                .compactMap { row -> (time: Timestamp, close: Decimal)? in
                    guard let close = Decimal.parse(row["close"] as String) else { return nil }
                    return (Timestamp(milliseconds: (row["open_time"] as Int64) + interval.milliseconds), close)
                }
        }
        return PriceSeries(symbol: symbol, interval: interval, bucketMilliseconds: bucket, points: points)
    }
}
