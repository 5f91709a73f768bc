import Foundation

/// Market impact (DESIGN §5): how far one order moved the price it traded
/// at, from its first trade to its worst, as a fraction of the first. A
/// market order that walks the book pays more with every level it takes; a
/// worked order's slices are each their own order, so the price drifting
/// between slices is not counted as the order's doing. One trade: no impact.
extension FillRecord {
    public var marketImpact: Decimal {
        guard let first = trades.first?.price, first > 0, trades.count > 1 else { return 0 }
        let worst = order.side == .buy ? trades.map(\.price).max()! : trades.map(\.price).min()!
        return abs(worst - first) / first
    }

    /// The alert raised when the impact passes `execution.marketImpactAlert`.
    public func marketImpactAlert(_ settings: GenesisConfig.Execution) -> TierSupervision.Alert? {
        let impact = marketImpact
        guard impact > settings.marketImpactAlert.value else { return nil }
        let percent = { (value: Decimal) in (value * 100).rounded(scale: 2, .plain).plainText }
        let what = order.purpose == .entry ? "entry" : "exit"
        return TierSupervision.Alert(level: "WARNING", code: "execution.market_impact",
                                     message: "The \(order.symbol) \(what) \(order.clientOrderID) moved the price \(percent(impact)) %, above the \(percent(settings.marketImpactAlert.value)) % alert level; a smaller order or a worked algorithm (TWAP, VWAP, ICEBERG) takes less of the book at once.",
                                     symbol: order.symbol)
    }
}
