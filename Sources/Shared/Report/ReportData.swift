import Foundation

/// What every metrics report reads: the session's equity curve and its trades.
public struct ReportData {
    public var account: Account
    public var curve: EquityCurve
    public var trades: [TradeResult]
    public var tiers: [(Timestamp, Tier)]

    public init(store: Store, session: String) throws {
        account = try store.requireAccount(session: session)
        let inputs = try store.equityInputs(session: session)
        // The curve starts the day before the first trade, so that day's result counts as a return.
        curve = EquityCurve(initialBalance: inputs.initialBalance, startDay: inputs.startDay - 1, endDay: inputs.endDay,
                            changes: inputs.changes, markToMarket: inputs.marks)
        trades = inputs.positions.compactMap { position in
            guard let closed = position.closedAt, let pnl = position.realizedPnL else { return nil }
            let risk = position.stop.map { (position.entryPrice - $0) * position.quantity }
            return TradeResult(closedAt: closed, openedAt: position.openedAt, symbol: position.symbol, strategy: position.strategy,
                               pnl: pnl, risk: risk, fees: position.fees)
        }
        tiers = try store.tierHistory(session: session)
    }

    /// The tier a trade closed under.
    public func tier(at time: Timestamp) -> Tier { tiers.last { $0.0 <= time }?.1 ?? tiers.first?.1 ?? account.tier }

    public var metrics: PerformanceMetrics { PerformanceMetrics(curve: curve, trades: trades) }
}
