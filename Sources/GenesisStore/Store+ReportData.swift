import Foundation
import GenesisDomain

extension ReportData {
    /// The session's report data as stored. The curve runs over the session's
    /// days on the data's clock (`Store.equityInputs`); `now` ends it only for
    /// a session without a replayed period (the live account).
    public init(store: Store, session: String, now: Timestamp = .now()) throws {
        let account = try store.reportedAccount(session: session)
        let inputs = try store.equityInputs(session: session, now: now)
        let curve = EquityCurve(initialBalance: inputs.initialBalance, startDay: inputs.startDay, endDay: inputs.endDay,
                                changes: inputs.changes, markToMarket: inputs.marks)
        // Each position's result once: `trades` in the order they opened, and by index the closed ones in close order.
        var trades: [TradeResult] = [], tradeOf = [Int](repeating: -1, count: inputs.positions.count)
        trades.reserveCapacity(inputs.closedOrder.count)
        for index in inputs.positions.indices {
            guard let trade = TradeResult(closed: inputs.positions[index]) else { continue }
            tradeOf[index] = trades.count
            trades.append(trade)
        }
        let closed = inputs.closedOrder.compactMap { tradeOf[$0] < 0 ? nil : tradeOf[$0] }
        self.init(account: account, curve: curve, trades: trades, tiers: try store.tierHistory(session: session))
        closedTrades = closed.elementsEqual(trades.indices) ? trades : closed.map { trades[$0] }
        allPositions = inputs.positions
    }
}

extension PerformanceReport {
    /// `gen-report summary` of a session as stored.
    public init(store: Store, session: String, now: Timestamp = .now()) throws {
        try self.init(store: store, session: session, data: try ReportData(store: store, session: session, now: now))
    }

    /// The same over report data already read.
    public init(store: Store, session: String, data: ReportData) throws {
        let open = try store.openPositions(session: session)
        let summary = PerformanceSummary(account: data.account,
                                         trades: try data.closedTrades ?? store.closedPositions(session: session).compactMap(TradeResult.init(closed:)),
                                         openPositions: open.count)
        // Marked where the curve ends: the last day's close.
        let end = Timestamp(milliseconds: ((data.curve.points.last?.day ?? Timestamp.now().utcDay) + 1) * Timestamp.millisecondsPerDay)
        let marks = try open.map { position in
            OpenPositionMark(symbol: position.symbol, quantity: position.quantity, entryPrice: position.entryPrice, openedAt: position.openedAt,
                             close: try store.latestClose(symbol: position.symbol, before: end), soldGross: position.realizedGross)
        }
        // The curve's figures; the trades' statistics are the summary's (the report prints the summary's), not computed twice.
        let metrics = PerformanceMetrics(curve: data.curve, trading: summary.trading)
        self.init(session: session, quoteAsset: data.account.quoteAsset, summary: summary, metrics: metrics, open: marks)
    }
}
