import Foundation

/// The pair scanner (DESIGN §7): ranks the stored symbols by liquidity and
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
