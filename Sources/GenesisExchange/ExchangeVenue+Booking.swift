import Foundation
import Logging
import GenesisDomain

/// Booking what the exchange did, from its typed order answer and trades.
extension ExchangeVenue {
    /// Books an order's outcome from the exchange's answer (and its
    /// trades). Returns nil when the answer is not final yet: the trades do
    /// not add up to the executed quantity (a lagging or partial list), so the
    /// caller looks again rather than booking a guess.
    func book(_ order: OrderIntent, answer: JSONValue, trades: JSONValue?, positionID: String? = nil) throws -> [VenueOutput]? {
        let status = answer["status"]?.string ?? "UNKNOWN"
        let executed = answer["executedQty"]?.decimal ?? 0
        let rows = (trades ?? answer["fills"])?.array ?? []
        let fills = rows.compactMap { row -> TradeFill? in
            guard let id = (row["tradeId"] ?? row["id"])?.integer, let price = row["price"]?.decimal, let quantity = (row["qty"])?.decimal,
                  let fee = row["commission"]?.decimal, let asset = row["commissionAsset"]?.string else { return nil }
            return TradeFill(id: "\(order.symbol)-\(id)", price: price, quantity: quantity, fee: fee, feeAsset: asset)
        }
        if fills.count != rows.count || fills.reduce(Decimal(0), { $0 + $1.quantity }) != executed { return nil }
        let time = Timestamp(milliseconds: answer["transactTime"]?.integer ?? answer["updateTime"]?.integer ?? order.ts.milliseconds)
        if ["NEW", "PARTIALLY_FILLED"].contains(status) { return nil } // still working: a later lookup books it
        guard executed > 0 else {
            try ledger.recordStatus(clientOrderID: order.clientOrderID, status: status == "FILLED" ? "EXPIRED" : status, reason: "\(name): \(status) without a fill", at: time)
            return [.rejected(order, Rejection(.exchangeRejected, "\(name) did not fill the order (status \(status))."))]
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
