import Foundation

/// What every metrics report reads: the session's equity curve and its trades.
public struct ReportData {
    public var account: Account
    public var curve: EquityCurve
    public var trades: [TradeResult]
    public var tiers: [(Timestamp, Tier)]
    /// The results of the session's closed positions in the order they
    /// closed (`Store.closedPositions`) when the reader had them at hand (the
    /// store's report reader does), so the summary neither reads them again
    /// nor builds their results twice; nil otherwise. Usually the very
    /// array `trades` is (the same order), not a copy.
    public var closedTrades: [TradeResult]?
    /// Every position of the session in the order they opened, from the same read; nil otherwise.
    public var allPositions: [Position]?

    public init(account: Account, curve: EquityCurve, trades: [TradeResult], tiers: [(Timestamp, Tier)]) {
        self.account = account
        self.curve = curve
        self.trades = trades
        self.tiers = tiers
    }

    /// The tier a trade closed under.
    public func tier(at time: Timestamp) -> Tier { tiers.last { $0.0 <= time }?.1 ?? tiers.first?.1 ?? account.tier }

    public var metrics: PerformanceMetrics { PerformanceMetrics(curve: curve, trades: trades) }
}
