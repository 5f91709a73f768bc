import Foundation
import Logging
import GenesisDomain
import GenesisStore

/// Reconciliation (DESIGN §5): what the exchange shows that the store cannot explain.
extension ExchangeVenue {
    /// What the exchange shows that the store cannot explain.
    public struct Discrepancy: Sendable, Equatable, CustomStringConvertible {
        public var description: String
        /// The exchange trade id (`SYMBOL-id`) of an unexplained trade.
        public var tradeID: String?
        /// When that trade happened on the exchange (its `time`).
        public var tradeTime: Timestamp?
    }

    /// Compares the exchange's open orders and balances with the store
    /// (DESIGN §5). Orders the store left unresolved are looked up and booked
    /// first; anything still unexplained is returned, never guessed at.
    func reconcile(knownOrder: (String) throws -> Bool) throws -> (outputs: [VenueOutput], discrepancies: [Discrepancy]) {
        var outputs = try resolvePending()
        // A position without its protection (canceled in the exchange's app,
        // refused, never placed before a crash) is a defect to repair, not a halt.
        for position in try ledger.openPositions(session: book.session) where position.stop != nil {
            guard try standingProtection(position.symbol).isEmpty else { continue }
            let placed = guardProtection(position.symbol, at: clock.now())
            if !placed.isEmpty {
                logger.error("\(position.symbol): its protection was missing on \(name); placed again")
                repairedProtection.append(position.symbol)
            }
            outputs += placed
        }
        var discrepancies: [Discrepancy] = []
        let open = try call { try await $0.openOrders(symbol: nil) }
        var workingOrders: Set<Int64> = []
        for order in open.array ?? [] {
            let id = order["clientOrderId"]?.string ?? "?"
            if try !knownOrder(id) {
                discrepancies.append(Discrepancy(description: "open order \(id) on \(order["symbol"]?.string ?? "?") is not in the store"))
            } else if let orderID = order["orderId"]?.integer {
                workingOrders.insert(orderID)
            }
        }
        // Trades of the last day on every symbol this venue traded: each must be
        // a booked fill, or belong to a known order still working on the book.
        let since = clock.now().milliseconds - Timestamp.millisecondsPerDay + 60_000
        for symbol in try ledger.symbolsTraded(venue: name, session: book.session, since: Timestamp(milliseconds: since)) {
            let trades = try call { try await $0.myTrades(symbol: symbol, since: since) }
            for trade in trades.array ?? [] {
                guard let id = trade["id"]?.integer, try !ledger.isTradeRecorded("\(symbol)-\(id)") else { continue }
                if let orderID = trade["orderId"]?.integer, workingOrders.contains(orderID) { continue }
                // An order the store knows but has not booked yet (another process
                // is booking it right now, or a slice of a worked order) is no stranger.
                if let orderID = trade["orderId"]?.integer,
                   let order = try? call({ try await $0.call(.get, "/api/v3/order", [("symbol", symbol), ("orderId", String(orderID))], signed: true) }),
                   let clientID = order["clientOrderId"]?.string, try knownOrder(clientID) { continue }
                discrepancies.append(Discrepancy(description: "trade \(id) on \(symbol) (\(trade["isBuyer"]?.bool == true ? "buy" : "sell") \(trade["qty"]?.decimal?.plainText ?? "?") at \(trade["price"]?.decimal?.plainText ?? "?"), order \(trade["orderId"]?.integer ?? 0)) is not in the store",
                                                 tradeID: "\(symbol)-\(id)", tradeTime: trade["time"]?.integer.map(Timestamp.init(milliseconds:))))
            }
        }
        let account = try call { try await $0.account() }
        var held: [String: Decimal] = [:]
        for balance in account["balances"]?.array ?? [] {
            guard let asset = balance["asset"]?.string else { continue }
            held[asset] = (balance["free"]?.decimal ?? 0) + (balance["locked"]?.decimal ?? 0)
        }
        for position in book.positions.values.sorted(by: { $0.symbol < $1.symbol }) {
            guard let base = rules[position.symbol]?.baseAsset else { continue }
            if held[base, default: 0] < position.quantity {
                discrepancies.append(Discrepancy(description: "the store holds \(position.quantity.plainText) \(base) in \(position.symbol) but the exchange shows \(held[base, default: 0].plainText)"))
            }
        }
        return (outputs, discrepancies)
    }

    /// Reconciles, then halts trading on anything unexplained (DESIGN §5): the
    /// one decision behind `gen-exec reconcile`, gen-exec's start on an
    /// exchange and the watcher's gap fills. Trades the trader says were
    /// theirs (`acknowledging`, with a reason) are recorded and explained.
    /// A clean reconcile lifts an earlier reconciliation halt (nothing else
    /// does). Returns what was booked, what was acknowledged, and the report
    /// of what halted trading, if anything did.
    public func reconcileOrHalt(store: Store, by command: String, at time: Timestamp, acknowledging reason: String? = nil) throws
        -> (outputs: [VenueOutput], acknowledged: [Discrepancy], halted: String?) {
        var (outputs, discrepancies) = try reconcile { try store.orderStatus(clientOrderID: $0) != nil }
        var acknowledged: [Discrepancy] = []
        if let reason {
            acknowledged = discrepancies.filter { $0.tradeID != nil }
            // Acknowledged, and counted by the tilt detector as manual overrides,
            // one per trade at its own time (DESIGN §4).
            try store.acknowledgeOutsideTrades(acknowledged.compactMap { found in
                found.tradeID.map { Store.OutsideTrade(tradeID: $0, at: min(found.tradeTime ?? time, time), detail: found.description) }
            }, reason: reason, session: book.session, at: time)
            discrepancies.removeAll { $0.tradeID != nil }
        }
        guard !discrepancies.isEmpty else {
            if try store.liftReconciliationHalt(by: command, at: time) { logger.notice("reconciliation explains everything now: its halt is lifted") }
            return (outputs, acknowledged, nil)
        }
        let report = discrepancies.map(\.description).joined(separator: "; ")
        try store.halt(.reconciliation, reason: "reconciliation: \(report)", by: command, at: time)
        return (outputs, acknowledged, report)
    }
}
