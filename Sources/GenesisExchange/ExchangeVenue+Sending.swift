import Foundation
import Logging
import GenesisDomain

/// Sending and looking up: an answer that does not say what happened is
/// resolved by the order's client id, never by sending again.
extension ExchangeVenue {
    func reject(_ order: OrderIntent, _ rejection: Rejection) throws -> [VenueOutput] {
        try ledger.recordRejected(order, venue: name, rejection: rejection, at: order.ts)
        return [.rejected(order, rejection)]
    }

    /// Sends the order as its type says (or as a limit IOC when `limit` caps
    /// a worked slice's price); an unknown outcome is looked up, never
    /// blindly resent. A limit order left resting on the book stays NEW and
    /// is booked when a later lookup finds it done.
    func send(_ order: OrderIntent, limit: Decimal? = nil, positionID: String? = nil) throws -> [VenueOutput] {
        if let refusal = try refusal(for: order) { return try reject(order, refusal) }
        let gateway = gateway
        let type = limit == nil ? order.type : .ioc
        let price = limit ?? order.limitPrice
        let iceberg = order.algorithm == .iceberg && type.rests ? icebergQuantity(order) : nil
        do {
            let answer = OrderAnswer(try runBlocking {
                try await gateway.placeOrder(symbol: order.symbol, side: order.side, type: type.exchangeType, quantity: order.quantity,
                                             price: price, timeInForce: type.timeInForce, stopPrice: limit == nil ? order.triggerPrice : nil,
                                             icebergQuantity: iceberg, clientOrderID: order.clientOrderID)
            })
            if let outputs = try book(order, answer: answer, trades: nil, positionID: positionID) { return outputs }
            if answer.isResting(order) {
                logger.info("\(order.type.rawValue) order \(order.clientOrderID) rests on \(name) at \(price?.plainText ?? "?"); it is booked when it fills or is canceled")
                return []
            }
            return try resolve(order, positionID: positionID)
        } catch let ExchangeError.unknownOutcome(reason) {
            logger.warning("order \(order.clientOrderID): \(reason); looking it up by its client order id")
            return try resolve(order, positionID: positionID)
        } catch let ExchangeError.rejected(error) {
            return try reject(order, Rejection(.exchangeRejected, "\(name) refused the order: \(error.message) (code \(error.code))."))
        } catch let ExchangeError.filter(failure) {
            return try reject(order, Rejection(.exchangeFilter, "The order breaks the exchange's \(failure.filter) rule."))
        } catch let error as ExchangeError {
            throw GenesisError.exchange(error)
        }
    }

    /// Pauses between lookups of an order whose outcome is unknown. Binance
    /// drops a request its matching engine has not taken within recvWindow
    /// plus its 10 s backend timeout, so after about 16 s of "not found" the
    /// order can no longer execute.
    static let lookupPausesMs = [0, 250, 500, 1000, 2000, 4000, 8000]

    /// Looks an order up by client id and books what the exchange did. It is
    /// never sent again from here: an order the exchange still has not seen
    /// when it no longer could is recorded EXPIRED, and one whose trades do
    /// not yet add up stays NEW for the next lookup (start-up or reconcile).
    func resolve(_ order: OrderIntent, positionID: String? = nil) throws -> [VenueOutput] {
        let gateway = gateway
        for wait in Self.lookupPausesMs {
            pause(wait)
            let found: OrderAnswer?
            do {
                found = try runBlocking { try await gateway.queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID) }.map(OrderAnswer.init)
            } catch let error as ExchangeError {
                logger.warning("looking up \(order.clientOrderID) failed: \(error)")
                continue
            }
            guard let found else { continue }
            let orderID = found.orderID
            let trades: [AccountTrade]
            do {
                trades = (try runBlocking { try await gateway.myTrades(symbol: order.symbol, orderID: orderID) }.array ?? []).map(AccountTrade.init)
            } catch let error as ExchangeError {
                logger.warning("reading the trades of \(order.clientOrderID) failed: \(error)")
                continue
            }
            if let outputs = try book(order, answer: found, trades: trades, positionID: positionID) { return outputs }
            if found.isResting(order) { return [] }
        }
        if try ledger.execution(clientOrderID: order.clientOrderID) != nil, try ledger.orderStatus(clientOrderID: order.clientOrderID) == .new {
            if try runBlocking({ try await gateway.queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID) }) == nil {
                try ledger.recordStatus(clientOrderID: order.clientOrderID, status: .expired, reason: "never reached \(name)", at: clock.now())
                return [.rejected(order, Rejection(.exchangeRejected, "Order \(order.clientOrderID) never reached \(name); it was not sent again."))]
            }
            logger.warning("order \(order.clientOrderID) is still unresolved on \(name); `gen-exec reconcile` looks again")
        }
        return []
    }
}
