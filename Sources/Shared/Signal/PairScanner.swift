import Foundation
import GRDB

/// The pair scanner (SPEC §7): ranks the stored symbols by liquidity and
/// says which suit the tier's capital — a position should be a negligible
/// share of what the market trades in a day, or its own orders move the price.
public struct PairScanner: Sendable {
    /// A position may be at most this share of the average daily quote volume.
    public static let maximumShareOfDailyVolume = 0.001
    /// Fewer days of data than this say too little.
    public static let minimumDays = 7

    public struct Row: Sendable, Equatable {
        public var symbol: String
        public var interval: String
        public var days: Int
        /// Average quote volume traded per day.
        public var dailyQuoteVolume: Double
        /// Average (high − low) / close of the candles: how much it moves.
        public var averageRange: Double
        public var suitable: Bool
        public var selected: Bool
        public var reason: String
    }

    public var rows: [Row]

    /// `position` is the tier's normal position notional; `pairs` how many it may trade at once.
    public init(stats: [(symbol: String, interval: String, days: Int, dailyQuoteVolume: Double, averageRange: Double)], position: Double, pairs: Int) {
        var rows = stats.map { stat -> Row in
            let share = stat.dailyQuoteVolume > 0 ? position / stat.dailyQuoteVolume : .infinity
            let reason: String
            let suitable: Bool
            if stat.days < Self.minimumDays {
                (suitable, reason) = (false, "only \(stat.days) days of data; \(Self.minimumDays) are needed")
            } else if share > Self.maximumShareOfDailyVolume {
                (suitable, reason) = (false, String(format: "a position would be %.3f%% of a day's volume, above %.1f%%", share * 100, Self.maximumShareOfDailyVolume * 100))
            } else {
                (suitable, reason) = (true, share > 0 ? "a position is about 1/\(Int((1 / share).rounded())) of a day's volume" : "no position at this balance")
            }
            return Row(symbol: stat.symbol, interval: stat.interval, days: stat.days, dailyQuoteVolume: stat.dailyQuoteVolume,
                       averageRange: stat.averageRange, suitable: suitable, selected: false, reason: reason)
        }
        rows.sort { ($0.suitable ? 1 : 0, $0.dailyQuoteVolume) > ($1.suitable ? 1 : 0, $1.dailyQuoteVolume) }
        for index in rows.indices where rows[index].suitable && index < pairs { rows[index].selected = true }
        self.rows = rows
    }
}

extension Store {
    /// Daily liquidity of every stored symbol over the `days` before `now`,
    /// from one interval per symbol (hours first). Statistics, so `REAL`.
    public func liquidity(days: Int, now: Timestamp) throws -> [(symbol: String, interval: String, days: Int, dailyQuoteVolume: Double, averageRange: Double)] {
        let since = now.milliseconds - Int64(days) * Timestamp.millisecondsPerDay
        return try writer.read { db in
            let symbols = try String.fetchAll(db, sql: "SELECT DISTINCT symbol FROM candles WHERE open_time >= ? AND open_time < ? ORDER BY symbol",
                                              arguments: [since, now.milliseconds])
            var result: [(String, String, Int, Double, Double)] = []
            for symbol in symbols {
                for interval in ["1h", "1m", "5m", "15m", "30m", "4h", "1d"] {
                    let rows = try GRDB.Row.fetchAll(db, sql: """
                        SELECT open_time / 86400000 AS day, SUM(CAST(volume AS REAL) * CAST(close AS REAL)) AS quote,
                               AVG((CAST(high AS REAL) - CAST(low AS REAL)) / CAST(close AS REAL)) AS range
                        FROM candles WHERE symbol = ? AND interval = ? AND open_time >= ? AND open_time < ? GROUP BY day
                        """, arguments: [symbol, interval, since, now.milliseconds])
                    guard !rows.isEmpty else { continue }
                    let quotes = rows.map { $0["quote"] as Double? ?? 0 }
                    let ranges = rows.map { $0["range"] as Double? ?? 0 }
                    result.append((symbol, interval, rows.count, quotes.reduce(0, +) / Double(rows.count), ranges.reduce(0, +) / Double(rows.count)))
                    break
                }
            }
            return result
        }
    }
}
