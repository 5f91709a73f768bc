import Foundation
import Logging
import GenesisDomain

/// Taking risk off: close-all and the emergency (biggest loser first),
/// deleveraging and correlation cuts, canceling open orders.
extension ExchangeVenue {
    /// `gen-exec close-all`: sells every open position with a limit IOC at most
    /// `maxSlippage` below the current bid, so a thin book cannot take more;
    /// the biggest loser at those bids goes first (DESIGN §2).
    public func closeAll(maxSlippage: Decimal, at time: Timestamp) throws -> [VenueOutput] {
        var outputs: [VenueOutput] = []
        let ordered = try book.biggestLosersFirst { position in try touch(position.symbol).bid.flatMap { $0 > 0 ? $0 : nil } }
        for (held, bid) in ordered {
            guard let symbolRules = rules[held.symbol] else { continue }
            // The coins the protection holds are freed first; a leg that executed is booked.
            outputs += try unprotect(held.symbol)
            guard let position = book.positions[held.symbol] else { continue }
            var base = book.exitOrder(for: position, purpose: .exit, reference: bid, time: time)
            base.clientOrderID = ClientOrderID.derive(session: book.session, origin: "close-all:\(position.entryClientOrderID)")
            guard var order = try nextAttempt(of: base) else { continue }
            order.quantity = symbolRules.roundQuantity(position.quantity)
            if try ledger.orderStatus(clientOrderID: order.clientOrderID) == .new {
                outputs += try resolve(order)
                continue
            }
            try ledger.recordAccepted(order, venue: name, at: time)
            outputs.append(.accepted(order))
            outputs += try send(order, limit: symbolRules.roundPrice(bid * (1 - maxSlippage), side: .sell))
            // What the IOC could not sell stays protected.
            outputs += guardProtection(position.symbol, at: time)
        }
        return outputs
    }

    /// Deleveraging or the correlation force-reduction: a market sell of
    /// `share` of each position (or of those in `symbols`).
    public func reduce(share: Decimal, only symbols: Set<String>?, origin: String, at time: Timestamp) throws -> [VenueOutput] {
        try book.reductionOrders(share: share, only: symbols, origin: origin, at: time,
                                 filters: { rules[$0.symbol]?.marketFilters },
                                 reference: { try touch($0.symbol).bid }).flatMap(submit)
    }

    /// The emergency: every position closed with limit IOCs at most the
    /// configured slippage (2%) below the bid.
    public func closeEverything(at time: Timestamp) throws -> [VenueOutput] {
        try closeAll(maxSlippage: config.demotion.closeAllMaxSlippage.value, at: time)
    }

    public func forget(_ canceled: [String], at time: Timestamp) throws {
        _ = try cancelAll(at: time)
    }

    /// `gen-exec cancel-all`: cancels every open order on the exchange but the
    /// protection of open positions (a halt stops new risk, never the
    /// protection: closing the position takes it off), and marks the
    /// session's unfilled orders canceled. Returns what was canceled.
    public func cancelAll(at time: Timestamp) throws -> [String] {
        let open = try call { try await $0.openOrders(symbol: nil) }
        let protection = Set(try ledger.pendingOrders(session: book.session).filter { $0.protects != nil }.map(\.clientOrderID))
        var canceled: [String] = []
        for order in open.array ?? [] {
            guard let symbol = order["symbol"]?.string, let id = order["clientOrderId"]?.string, !protection.contains(id) else { continue }
            do {
                _ = try call { try await $0.cancelOrder(symbol: symbol, clientOrderID: id) }
                canceled.append(id)
            } catch GenesisError.exchange(.rejected(let refusal)) where refusal.code == -2011 {
                continue // finished meanwhile: the lookup below books it
            }
        }
        // Each order the store still shows unfilled is looked up: a fill
        // that happened before the cancel is booked, not lost.
        for order in try ledger.pendingOrders(session: book.session) where try ledger.orderVenue(clientOrderID: order.clientOrderID) == name {
            _ = try resolve(order)
        }
        return canceled
    }
}
