import Foundation
import Logging
import GenesisDomain

/// Booking what the exchange did, from its typed order answer and trades.
extension ExchangeVenue {
    /// Books an order's outcome from the exchange's answer (and its
    /// trades). Returns nil when the answer is not final yet: the trades do
    /// not add up to the executed quantity (a lagging or partial list), so the
    /// caller looks again rather than booking a guess.
    func book(_ order: OrderIntent, answer: OrderAnswer, trades: [AccountTrade]?, positionID: String? = nil) throws -> [VenueOutput]? {
        let rows = trades ?? answer.fills ?? []
        let fills = rows.compactMap { $0.fill(symbol: order.symbol) }
        if fills.count != rows.count || fills.reduce(Decimal(0), { $0 + $1.quantity }) != answer.executedQuantity { return nil }
        let time = Timestamp(milliseconds: answer.time ?? order.ts.milliseconds)
        // Still working (a later lookup books it), or a status this build does not know.
        guard let status = answer.status, !status.isWorking else { return nil }
        guard answer.executedQuantity > 0 else {
            try ledger.recordStatus(clientOrderID: order.clientOrderID, status: status == .filled ? .expired : status,
                                    reason: "\(name): \(status.rawValue) without a fill", at: time)
            // A protection canceled (replaced, or its other leg executed): nothing was refused.
            if order.protects != nil { return [] }
            return [.rejected(order, Rejection(.exchangeRejected, "\(name) did not fill the order (status \(status.rawValue))."))]
        }
        var fill: FillRecord
        switch order.side {
        case .buy:
            fill = book.enter(order, venue: name, trades: fills, time: time, positionID: positionID, baseAsset: rules[order.symbol]?.baseAsset)
        case .sell:
            // Another process may have changed the position: read it again before booking.
            if let stored = try ledger.openPositions(session: book.session).first(where: { $0.symbol == order.symbol }) { book.positions[order.symbol] = stored }
            guard let position = book.positions[order.symbol] else {
                logger.error("a \(order.symbol) sell filled but no position is open in the store; `gen-exec reconcile` will report it")
                return []
            }
            fill = book.exit(position, order: order, venue: name, trades: fills, time: time, dust: rules[order.symbol]?.lotSize?.minimum ?? 0)
        }
        fill.status = status
        try ledger.recordFill(fill)
        return [.filled(fill)]
    }
}
