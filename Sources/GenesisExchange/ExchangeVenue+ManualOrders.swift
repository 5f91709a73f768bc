import Foundation
import Logging
import GenesisDomain
import GenesisStore

/// The trader's own hands on one order (`gen-exec cancel`, `gen-exec
/// amend`; DESIGN §5): what the exchange is asked, and what the store
/// records so the tilt detector sees it (`Store+ManualOrders.swift`).
extension ExchangeVenue {
    /// The price a market order of `side` would meet now: the ask for a buy,
    /// the bid for a sell. Nil when the book is empty.
    public func touchPrice(_ symbol: String, side: Side) throws -> Decimal? {
        let touch = try touch(symbol)
        return side == .buy ? touch.ask : touch.bid
    }

    /// Cancels `order` on the exchange, books any fill that came before the
    /// cancel, and records the cancel as the trader's. Returns what was
    /// booked (a fill before the cancel), never a refusal of the order.
    public func cancelByTrader(_ order: OrderIntent, store: Store) throws -> [VenueOutput] {
        let symbol = order.symbol, id = order.clientOrderID
        do {
            _ = try call { try await $0.cancelOrder(symbol: symbol, clientOrderID: id) }
        } catch GenesisError.exchange(.rejected(let refusal)) where refusal.code == -2011 || refusal.code == -2013 {
            // Finished meanwhile: book what it did, and say so.
            let booked = try resolve(order).filter { if case .filled = $0 { true } else { false } }
            throw GenesisError.stateConflict("order \(id) is no longer open on \(name) (it filled or was canceled before the request); nothing was canceled" + (booked.isEmpty ? "" : ", its fill is booked"))
        }
        let booked = try resolve(order).filter { if case .filled = $0 { true } else { false } }
        try store.recordTraderCancel(clientOrderID: id, session: book.session, at: clock.now())
        return booked
    }

    /// The outcome of an amendment.
    public struct Amended: Sendable {
        public var kind: Store.Amendment
        /// The order as it now rests (a new client order id after a cancel-replace).
        public var order: OrderIntent
    }

    /// Lowers a resting limit order's quantity in place (Binance's order
    /// amend keep-priority), keeping its client order id and its place in
    /// the queue.
    public func amendKeepPriority(_ order: OrderIntent, quantity: Decimal, root: String, store: Store) throws -> Amended {
        let quantity = rules[order.symbol]?.roundQuantity(quantity, market: false) ?? quantity
        let symbol = order.symbol, id = order.clientOrderID
        do {
            _ = try call { try await $0.amendKeepPriority(symbol: symbol, clientOrderID: id, newQuantity: quantity, newClientOrderID: id) }
        } catch GenesisError.exchange(.rejected(let refusal)) {
            throw GenesisError.refused(rule: RiskRule.exchangeRejected.rawValue, message: "\(name) refused to amend \(id): \(refusal.message) (code \(refusal.code))")
        }
        try store.recordAmendment(.keepPriority, of: id, root: root, session: book.session, quantity: quantity, price: order.limitPrice, replacement: nil, at: clock.now())
        var amended = order
        amended.quantity = quantity
        return Amended(kind: .keepPriority, order: amended)
    }

    /// Replaces a resting limit order by `replacement` (a new price, or a
    /// larger quantity) with one cancel-replace request, STOP_ON_FAILURE:
    /// the new order is recorded before the request leaves, like every order;
    /// if the cancel fails nothing changed (the new order is recorded as
    /// refused), and if the new order fails after the cancel the old one is
    /// gone (recorded as canceled by the trader) and the command says so.
    public func cancelReplace(_ order: OrderIntent, by replacement: OrderIntent, root: String, store: Store) throws -> Amended {
        var replacement = replacement
        if let symbolRules = rules[order.symbol] {
            replacement.quantity = symbolRules.roundQuantity(replacement.quantity, market: false)
            replacement.limitPrice = replacement.limitPrice.map { symbolRules.roundPrice($0, side: replacement.side) }
        }
        guard let price = replacement.limitPrice else { throw GenesisError.internalError("a replacement order needs a limit price") }
        let now = clock.now()
        replacement.ts = now
        try ledger.recordAccepted(replacement, venue: name, at: now)
        let symbol = order.symbol, side = order.side, id = order.clientOrderID, quantity = replacement.quantity, newID = replacement.clientOrderID
        do {
            _ = try call { try await $0.cancelReplace(symbol: symbol, side: side, clientOrderID: id, quantity: quantity, price: price, newClientOrderID: newID) }
        } catch GenesisError.exchange(.rejected(let refusal)) where refusal.code == -2021 {
            try ledger.recordRejected(replacement, venue: name, rejection: Rejection(.exchangeRejected, refusal.message), at: clock.now())
            _ = try resolve(order)
            try store.recordTraderCancel(clientOrderID: id, session: book.session, at: clock.now())
            throw GenesisError.refused(rule: RiskRule.exchangeRejected.rawValue,
                                       message: "\(name) canceled \(id) but refused its replacement: \(refusal.message) (code \(refusal.code)); no order rests now")
        } catch GenesisError.exchange(.rejected(let refusal)) {
            try ledger.recordRejected(replacement, venue: name, rejection: Rejection(.exchangeRejected, refusal.message), at: clock.now())
            throw GenesisError.refused(rule: RiskRule.exchangeRejected.rawValue, message: "\(name) refused to amend \(id): \(refusal.message) (code \(refusal.code)); the order stands as it was")
        }
        try store.recordAmendment(.cancelReplace, of: id, root: root, session: book.session, quantity: quantity, price: price, replacement: newID, at: clock.now())
        return Amended(kind: .cancelReplace, order: replacement)
    }
}
