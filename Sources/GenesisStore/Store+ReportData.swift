import Foundation
import GenesisDomain

extension ReportData {
    /// The session's report data as stored.
    public init(store: Store, session: String) throws {
        let account = try store.requireAccount(session: session)
        let inputs = try store.equityInputs(session: session)
        // The curve starts the day before the first trade, so that day's result counts as a return.
        let curve = EquityCurve(initialBalance: inputs.initialBalance, startDay: inputs.startDay - 1, endDay: inputs.endDay,
                            changes: inputs.changes, markToMarket: inputs.marks)
        let trades: [TradeResult] = inputs.positions.compactMap { position in
            guard let closed = position.closedAt, let pnl = position.realizedPnL else { return nil }
            let risk = position.stop.map { (position.entryPrice - $0) * position.quantity }
            return TradeResult(closedAt: closed, openedAt: position.openedAt, symbol: position.symbol, strategy: position.strategy,
                               pnl: pnl, risk: risk, fees: position.fees)
        }
        self.init(account: account, curve: curve, trades: trades, tiers: try store.tierHistory(session: session))
    }
}
