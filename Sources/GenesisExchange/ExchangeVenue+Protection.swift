import Foundation
import Logging
import GenesisDomain

/// Protection on the exchange (DESIGN §10): once an entry fills, the
/// position's stop and target rest on the exchange itself, so the position
/// is protected while GENESIS is down. An OCO order list (a STOP_LOSS_LIMIT
/// below the market and a LIMIT_MAKER at the target) where the symbol allows
/// one, else a lone STOP_LOSS_LIMIT. The legs are orders in the store like
/// any other (`protects` names the entry), so start-up, reconcile and the
/// watcher's stream book whatever the exchange did with them, exactly once.
///
/// The protection always matches the position: placed after an entry fills,
/// canceled before any other exit sells (a signal, the watcher, deleveraging,
/// close-all, the emergency) and placed again at the new size when a
/// position is left open, and re-placed when reconcile finds it missing.
extension ExchangeVenue {
    /// The legs recorded as standing on the exchange for a symbol, of any
    /// position (the open one's, or an orphan of one already closed).
    func standingProtection(_ symbol: String) throws -> [OrderIntent] {
        try pendingOrders(symbol).filter { $0.protects != nil }
    }

    /// The symbol's orders the store still shows unfinished, protection and exits alike.
    private func pendingOrders(_ symbol: String) throws -> [OrderIntent] {
        try ledger.pendingOrders(session: book.session).filter { $0.symbol == symbol }
    }

    /// Version `version` of the position's protection, as it would be placed:
    /// the stop triggered at the stop (on the tick, down), selling at no less
    /// than `execution.stopLimitOffset` below it, and the target (on the tick,
    /// up) as the OCO's other leg. Client ids come from the entry and the
    /// version, so a retry or a second process finds the same orders.
    func protectionLegs(for position: Position, version: Int, rules: SymbolRules, at time: Timestamp) -> [OrderIntent] {
        guard let stop = position.stop else { return [] }
        let quantity = rules.roundQuantity(position.quantity)
        let trigger = rules.roundPrice(stop, side: .buy)
        func leg(_ type: OrderType, _ purpose: OrderPurpose, price: Decimal, number: Int) -> OrderIntent {
            var leg = OrderIntent(clientOrderID: Self.protectionID(session: book.session, entry: position.entryClientOrderID, version: version, number: number),
                                  ts: time, session: book.session, signalID: position.signalID, strategy: position.strategy, symbol: position.symbol,
                                  side: .sell, type: type, limitPrice: price, purpose: purpose, quantity: quantity,
                                  referencePrice: purpose == .stopLoss ? trigger : price, stop: position.stop, target: position.target)
            leg.protects = position.entryClientOrderID
            return leg
        }
        var stopLeg = leg(.stopLossLimit, .stopLoss, price: rules.roundPrice(trigger * (1 - config.execution.stopLimitOffset.value), side: .buy), number: 1)
        stopLeg.triggerPrice = trigger
        guard let target = position.target, rules.ocoAllowed, rules.orderTypes.contains(OrderType.limitMaker.exchangeType) else { return [stopLeg] }
        return [stopLeg, leg(.limitMaker, .takeProfit, price: rules.roundPrice(target, side: .sell), number: 2)]
    }

    /// Leg `number` (1 the stop, 2 the target, 0 the OCO list) of protection `version`.
    static func protectionID(session: String, entry: String, version: Int, number: Int) -> String {
        ClientOrderID.derive(session: session, origin: "protect:\(entry)", slice: version * 3 + number)
    }

    /// Makes the exchange's protection for `symbol` match the store: the open
    /// position protected at its size, nothing left standing for a position
    /// that is gone. Never throws: a position the exchange will not protect
    /// is watched by the watcher instead, with an alert that says so.
    func guardProtection(_ symbol: String, at time: Timestamp) -> [VenueOutput] {
        do {
            return try ensureProtection(symbol, at: time)
        } catch {
            logger.error("\(symbol): could not check its protection on \(name): \(error); the watcher sells at the stop while it runs, and the next reconcile tries again")
            return []
        }
    }

    private func ensureProtection(_ symbol: String, at time: Timestamp) throws -> [VenueOutput] {
        let position = try ledger.openPositions(session: book.session).first { $0.symbol == symbol }
        book.positions[symbol] = position
        let pending = try pendingOrders(symbol)
        let standing = pending.filter { $0.protects != nil }
        guard let position, position.stop != nil, let rules = rules[symbol] else {
            return standing.isEmpty ? [] : try unprotect(symbol)
        }
        let quantity = rules.roundQuantity(position.quantity)
        if !standing.isEmpty, standing.allSatisfy({ $0.protects == position.entryClientOrderID && $0.quantity == quantity }) { return [] }
        // An exit of its own is working (a resting limit sell, or one whose outcome is still being
        // looked up): it holds the coins, and the watcher guards the stop until it ends.
        if pending.contains(where: { $0.side == .sell && $0.protects == nil }) {
            return standing.isEmpty ? [] : try unprotect(symbol)
        }
        // Resized (a partial fill or a partial exit) or left from an earlier position.
        var outputs = standing.isEmpty ? [] : try unprotect(symbol)
        guard let current = book.positions[symbol] else { return outputs }
        outputs += try place(protectionFor: current, rules: rules, at: time)
        return outputs
    }

    private func place(protectionFor position: Position, rules: SymbolRules, at time: Timestamp) throws -> [VenueOutput] {
        let symbol = position.symbol
        guard rules.orderTypes.contains(OrderType.stopLossLimit.exchangeType) else {
            logger.warning("\(symbol): \(name) takes no STOP_LOSS_LIMIT orders; the position is protected only while the watcher runs")
            return []
        }
        var version = 1
        while try ledger.orderStatus(clientOrderID: Self.protectionID(session: book.session, entry: position.entryClientOrderID, version: version, number: 1)) != nil {
            version += 1
        }
        let legs = protectionLegs(for: position, version: version, rules: rules, at: time)
        guard let stopLeg = legs.first, let trigger = stopLeg.triggerPrice, let stopLimit = stopLeg.limitPrice else { return [] }
        let unprotected = "\(symbol) (\(stopLeg.quantity.plainText)) is NOT protected on \(name)"
        let reference = try call { try await $0.averagePrice(symbol: symbol) } ?? trigger
        let open = try call { try await $0.openOrders(symbol: symbol) }.array?.count ?? 0
        for leg in legs {
            do {
                try rules.validate(FilterCheck(side: .sell, isMarket: false, quantity: leg.quantity, price: leg.limitPrice, stopPrice: leg.triggerPrice),
                                   reference: reference, openOrders: open)
            } catch {
                logger.critical("\(unprotected): its \(leg.purpose == .stopLoss ? "stop" : "target") breaks the exchange's \(error.filter) rule (\(error.detail)); the watcher sells at the stop while it runs")
                return []
            }
        }
        // Already through the stop: that is an exit for the watcher, not a protection.
        if let bid = try touch(symbol).bid, bid <= trigger {
            logger.warning("\(unprotected): the bid \(bid.plainText) is already at or below the stop \(trigger.plainText); the watcher sells it")
            return []
        }
        guard try ledger.recordProtection(legs, venue: name, at: time) else { return [] } // another process is placing it
        let gateway = gateway
        let listID = Self.protectionID(session: book.session, entry: position.entryClientOrderID, version: version, number: 0)
        do {
            if legs.count == 2 {
                _ = try runBlocking {
                    try await gateway.placeSellOCO(symbol: symbol, quantity: stopLeg.quantity, target: legs[1].limitPrice ?? 0, stop: trigger, stopLimit: stopLimit,
                                                   listClientOrderID: listID,
                                                   targetClientOrderID: legs[1].clientOrderID, stopClientOrderID: stopLeg.clientOrderID)
                }
            } else {
                _ = try runBlocking {
                    try await gateway.placeOrder(symbol: symbol, side: .sell, type: stopLeg.type.exchangeType, quantity: stopLeg.quantity, price: stopLimit,
                                                 timeInForce: stopLeg.type.timeInForce, stopPrice: trigger, clientOrderID: stopLeg.clientOrderID)
                }
            }
        } catch ExchangeError.unknownOutcome(let reason) {
            // Looked up now, not left to the next reconcile: until it is known, the
            // store must not claim a stop the exchange may not hold (the watcher
            // leaves a standing stop to the exchange).
            logger.warning("\(symbol): placing its protection: \(reason); looking it up by client id")
            let found = try legs.flatMap { try resolve($0) }
            guard try ledger.orderStatus(clientOrderID: stopLeg.clientOrderID) == .new else {
                logger.critical("\(unprotected): its stop never reached the exchange; the watcher sells at the stop while it runs, and the next reconcile places it again")
                return found
            }
        } catch let error as ExchangeError {
            let why: String
            switch error {
            case let .rejected(refusal): why = "\(refusal.message) (code \(refusal.code))"
            case let .filter(failure): why = "its \(failure.filter) rule"
            default: why = error.description
            }
            for leg in legs {
                try ledger.recordRejected(leg, venue: name, rejection: Rejection(.exchangeRejected, "\(name) refused the protective order: \(why)."), at: time)
            }
            logger.critical("\(unprotected): the exchange refused it (\(why)); the watcher sells at the stop while it runs, and the next reconcile tries again")
            return []
        }
        let target = legs.count == 2 ? ", target \(legs[1].limitPrice?.plainText ?? "?") (OCO)" : ""
        logger.notice("\(symbol): protected on \(name): \(stopLeg.quantity.plainText) with a stop at \(trigger.plainText) selling down to \(stopLimit.plainText)\(target)")
        return legs.map { .accepted($0) }
    }

    /// Takes a symbol's protection off the exchange, before another exit
    /// sells the coins it guards or after its position is gone. Canceling
    /// one leg of an OCO cancels the list; each leg is then looked up, so a
    /// stop or target that executed before the cancel is booked (once), not
    /// lost. Returns those fills.
    func unprotect(_ symbol: String) throws -> [VenueOutput] {
        let legs = try standingProtection(symbol)
        guard !legs.isEmpty else { return [] }
        let gateway = gateway
        for leg in legs {
            do {
                _ = try runBlocking { try await gateway.cancelOrder(symbol: symbol, clientOrderID: leg.clientOrderID) }
            } catch ExchangeError.rejected(let refusal) where refusal.code == -2011 {
                continue // done already: executed, or canceled with its list
            } catch let error as ExchangeError {
                logger.warning("canceling protective order \(leg.clientOrderID) failed: \(error); looking it up")
            }
        }
        return try legs.flatMap { try resolve($0) }
    }

    /// True while the exchange holds a stop for the position: the watcher
    /// then leaves the stop and target to the exchange, and steps in only
    /// below the stop-limit's own price, where that order can no longer fill.
    /// Returns that price, or nil when the position is not protected on the exchange.
    func exchangeStopFloor(of position: Position) throws -> Decimal? {
        let legs = try standingProtection(position.symbol).filter { $0.protects == position.entryClientOrderID }
        return legs.first { $0.type == .stopLossLimit }?.limitPrice
    }
}
