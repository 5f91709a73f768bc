import Foundation
import GenesisDomain
import GRDB

extension Store {
    /// Daily liquidity of every stored symbol over the `days` before `now`,
    /// from one interval per symbol (hours first). Statistics, so `REAL`.
    public func liquidity(days: Int, now: Timestamp) throws -> [(symbol: String, interval: String, days: Int, dailyQuoteVolume: Double, averageRange: Double)] {
        let since = now.milliseconds - Int64(days) * Timestamp.millisecondsPerDay
        return try read { db in
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
